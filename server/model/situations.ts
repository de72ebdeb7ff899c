/**
 * The areas of school and kindergarten life the situational thesaurus is grouped by: for the people who keep the
 * list (its filter and its form), not for search, which reads only phrases and concepts.
 */
export const SITUATION_AREAS = {
  behaviour: 'Поведение',
  emotions: 'Эмоции и тревожность',
  speech: 'Речь',
  attention: 'Внимание и гиперактивность',
  health: 'Здоровье и движение',
  learning: 'Трудности в обучении',
  giftedness: 'Одарённость',
  family: 'Семья и родители',
  rural: 'Сельские и малокомплектные школы',
  exams: 'Экзамены',
  adaptation: 'Адаптация',
  inclusion: 'Инклюзия',
  upbringing: 'Воспитание',
  motivation: 'Мотивация и выбор профессии',
  digital: 'Цифровая жизнь',
  'self-care': 'Самообслуживание',
  'young-teachers': 'Молодые педагоги',
  bullying: 'Травля',
  play: 'Игра и развитие дошкольников',
  communication: 'Общение и работа в команде',
  lessons: 'Урок и внеурочная работа',
  management: 'Управление',
  career: 'Профессии и производство',
} as const satisfies Record<string, string>;

export type SituationArea = keyof typeof SITUATION_AREAS;

export const SITUATION_AREA_CODES = Object.keys(SITUATION_AREAS) as [SituationArea, ...SituationArea[]];

/** How many concepts one situation leads to: a few precise ones, or the expansion drowns the question. */
export const CONCEPTS_MAX = 5;
/** How many phrases one situation may have: enough for the ways people say it, few enough to review. */
export const PHRASES_MAX = 30;
/** The longest phrase or concept, in characters. */
export const WORDS_MAX = 120;
