/**
 * What the editor tells a teacher beside each field of the practice: a hint in plain words and a short example.
 * Written for a kindergarten or village-school teacher, not for a methodologist: no «концептуальные основания», one
 * thing to do per hint. Declared next to the model so a new section gets its hint in the same change
 * (`test/model/hints.test.ts` fails on a field without one).
 */
import type { RUBRIC } from '../db/enums.js';
import type { Section } from './practice.js';
import type { PracticeVocabulary } from './vocabularies.js';

export interface FieldHint {
  /** What to write, in one or two sentences. */
  readonly hint: string;
  /** A short example of a good answer. */
  readonly example?: string;
}

/** Hints for the description sections. */
export const SECTION_HINTS: Record<Section, FieldHint> = {
  relevance: {
    hint:
      'Почему это важно именно сейчас и именно для ваших детей: какую трудность вы заметили и чем она мешает. ' +
      'Можно опереться на свои наблюдения, результаты диагностики, запросы родителей.',
    example:
      'В нашей сельской школе 12 первоклассников, у половины бедный словарный запас: дети стесняются отвечать ' +
      'у доски. Родители просят помочь подготовить детей к устным ответам.',
  },
  goals: {
    hint:
      'Одна цель — чего вы хотите добиться в итоге, — и 3–5 задач: шаги к ней. ' +
      'Задачи удобно начинать с глаголов: «научить», «познакомить», «создать».',
    example:
      'Цель — развить связную речь детей 5–6 лет через игры с мнемотаблицами.\n' +
      '- познакомить детей с мнемотаблицами;\n- научить составлять рассказ по схеме;\n- вовлечь родителей в игры дома.',
  },
  content: {
    hint:
      'Как всё происходит по шагам: этапы, сроки, что делают дети, что делает педагог, какие занятия, игры, ' +
      'мероприятия. Пишите так, чтобы коллега из другой школы мог повторить. Отдельно скажите, что в практике ' +
      'нового по сравнению с обычной работой (это и есть новизна): свой приём, необычное сочетание методов, ' +
      'самодельные пособия.',
    example:
      'Новое: мнемотаблицы рисуют сами дети.\n1. Сентябрь — диагностика речи.\n2. Октябрь–март — два занятия в неделю по 20 минут: игры «Расскажи по ' +
      'картинке», «Что сначала, что потом».\n3. Апрель — итоговая диагностика, открытое занятие для родителей.',
  },
  results: {
    hint:
      'Что изменилось благодаря практике — лучше в числах «было — стало» и с тем, как вы это проверяли ' +
      '(диагностика, наблюдение, конкурсы, отзывы родителей).',
    example:
      'Высокий уровень связной речи: в сентябре — 3 ребёнка из 15, в мае — 9 из 15 (диагностика по О. С. Ушаковой). ' +
      'Двое детей стали призёрами районного конкурса чтецов.',
  },
  replication: {
    hint:
      'Что нужно коллеге, чтобы повторить вашу практику у себя: оборудование, материалы, время на подготовку, ' +
      'какие знания нужны педагогу. Чем проще и дешевле — тем лучше её смогут применить другие (это и называют ' +
      'тиражируемостью).',
    example:
      'Нужны распечатанные мнемотаблицы (шаблоны — в материалах) и 15 минут на подготовку к занятию. ' +
      'Подходит для любого детского сада; специального оборудования не требуется.',
  },
};

/** Hints for the fields outside the sections. */
export const FIELD_HINTS = {
  title: {
    hint: 'Коротко и понятно: что вы делаете и с кем. Без слов «инновационная практика».',
    example: 'Мнемотаблицы для развития связной речи детей 5–6 лет',
  },
  summary: {
    hint: 'Два-три предложения для тех, кто ищет практику: что это, для кого и что даёт. Её видят в результатах поиска.',
    example:
      'Система игр с мнемотаблицами для старшей группы детского сада. За год дети учатся составлять рассказ по ' +
      'картинке; в материалах — шаблоны таблиц и планы занятий.',
  },
  keywords: {
    hint: 'Слова, по которым коллеги будут искать вашу практику, через запятую.',
    example: 'мнемотаблицы, связная речь, старшая группа',
  },
  startedYear: { hint: 'В каком году вы начали применять практику (четыре цифры).', example: '2022' },
  organizationId: {
    hint: 'Начните вводить название или номер: «детский сад 12», «Гусино». Если вашей организации нет в списке, добавьте её.',
  },
} as const satisfies Record<string, FieldHint>;

/** Hints for the vocabularies authors choose from. */
export const VOCABULARY_HINTS: Record<PracticeVocabulary, string> = {
  levels: 'С кем работает практика. Можно отметить несколько.',
  subjects: 'К какому предмету или образовательной области относится практика. Можно отметить несколько.',
  technologies: 'Какие педагогические технологии и методы вы используете. Можно не отмечать, если подходящих нет.',
  directions: 'Что главное в практике: обучение, воспитание, развитие и т. д.',
};

/**
 * How a long list of terms is shown in groups: `subjects` mixes the preschool areas, school subjects and the rest.
 * A term not named here falls into the last group, so a new term is never hidden.
 */
export const VOCABULARY_GROUPS: Partial<Record<PracticeVocabulary, { title: string; codes: readonly string[] }[]>> = {
  subjects: [
    {
      title: 'Дошкольное образование (образовательные области)',
      codes: ['social-communicative', 'cognitive', 'speech', 'artistic-aesthetic', 'physical-development'],
    },
    {
      title: 'Школьные предметы',
      codes: [
        'russian',
        'literature',
        'native-language',
        'foreign-language',
        'mathematics',
        'informatics',
        'history',
        'social-studies',
        'geography',
        'physics',
        'chemistry',
        'biology',
        'odnknr',
        'fine-arts',
        'music',
        'technology',
        'physical-education',
        'obzr',
      ],
    },
    { title: 'Другие направления работы', codes: [] },
  ],
};

/** How the editor groups the fields of the model on its page. */
export const EDITOR_GROUPS = [
  { id: 'about', title: 'О практике', fields: ['title', 'summary', 'organizationId', 'startedYear'] },
  { id: 'description', title: 'Описание практики', fields: ['sections'] },
  { id: 'classification', title: 'Для поиска', fields: ['vocabularies', 'keywords'] },
] as const;

/**
 * The reviewer's rubric criteria in Russian and the section each one judges, so the editor can show a score
 * beside the text it concerns; `quality` judges the whole description and is shown at the top only.
 */
export const RUBRIC_CONCERNS: Record<(typeof RUBRIC)[number], { title: string; section: Section | null }> = {
  relevance: { title: 'Актуальность', section: 'relevance' },
  novelty: { title: 'Новизна', section: 'content' },
  effectiveness: { title: 'Результативность', section: 'results' },
  replicability: { title: 'Тиражируемость', section: 'replication' },
  quality: { title: 'Качество описания', section: null },
};
