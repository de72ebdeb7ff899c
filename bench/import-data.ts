/**
 * Registers as institutes keep them, for the import benchmark and tests: the Russian headers, labels spelt the
 * many ways people spell them (quotes, hyphens, remarks, «технология» in front, ё and е, typos), organisations
 * written with and without quotes, a few values nobody's vocabulary knows and a few rows with mistakes.
 */
import ExcelJS from 'exceljs';

/** The headers of the register, in its order. */
export const REGISTER_HEADERS = [
  'Название',
  'Аннотация',
  'Уровень образования',
  'Предмет',
  'Технологии',
  'Направления',
  'Ключевые слова',
  'Организация',
  'Муниципалитет',
  'Авторы',
  'Должности',
  'Год начала',
  'Дата публикации',
  'Номер в реестре',
];

type Cell = string | number | Date | null;

/** Writes a one-sheet XLSX of `rows` under `header`, streamed as a big register would be. */
export async function writeXlsx(file: string, header: string[], rows: Cell[][]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Реестр');
  sheet.addRow(header).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

const LEVELS = [
  'Дошкольное образование',
  'ДОУ',
  'дошкольное образование',
  'Начальное общее образование (1–4 кл.)',
  'начальная школа',
  'Основное общее',
  'СОО',
];
const SUBJECTS = [
  'Речевое развитие',
  'Физкультура',
  'Познавательное развитие',
  'математика',
  'Русский язык.',
  'Инклюзия',
  'Труд (технология)',
  'ИЗО',
];
const TECHNOLOGIES = [
  'ИКТ-технологии',
  'Игровая технология',
  'Проектная технология',
  'Технология «Лэпбук»',
  'Критическое мышление (РКМЧП)',
  'ТРИЗ',
  '"Говорящие стены"',
  'квест–технология',
  'Здоровьесберегающая технология',
  'Мнемотехника (мнемотаблицы)',
  'ЛЕГО-конструирование',
  'Технология портфолио',
  'Сторитэллинг',
  'Нейроигры',
];
const DIRECTIONS = ['Инклюзия', 'Обучение', 'воспитание', 'Развитие', 'Взаимодействие с семьей', 'Цифровизация'];
const MUNICIPALITIES = [
  'г. Смоленск',
  'Вяземский р-н',
  'Тёмкинский район',
  'Темкинский район',
  'Смоленский район',
  'Рославльский район',
  'Ярцевский муниципальный округ',
  'Гагаринский район',
];
const ORGANIZATIONS = [
  (n: number) => `МБДОУ «Детский сад № ${n} «Радуга»»`,
  (n: number) => `МБДОУ Детский сад №${n} "Радуга"`,
  (n: number) => `МБОУ «Средняя школа № ${n}»`,
  (n: number) => `МБОУ СШ № ${n}`,
];
const POSITIONS = ['воспитатель', 'учитель начальных классов', 'педагог-психолог', 'учитель-логопед'];
const SURNAMES = ['Иванова', 'Петрова', 'Сидорова', 'Кузнецова', 'Смирнова', 'Попова', 'Соколова', 'Лебедева'];

const pick = <T>(list: T[], i: number, step = 1): T => list[(i * step) % list.length]!;
const some = <T>(list: T[], i: number, count: number, step: number): T[] => [
  ...new Set(Array.from({ length: count }, (_, k) => pick(list, i + k * step))),
];

/**
 * `count` rows of a register. Every 50th row names a technology nobody knows («Телепатия»), every 97th has an
 * author without a position: the report must show them failed while the rest land.
 */
export function registerRows(count: number, seed = 'Практика'): Cell[][] {
  return Array.from({ length: count }, (_, i) => {
    const authors = some(SURNAMES, i, 1 + (i % 3), 3).map((s, k) => `${s} ${'АЕМО'[k % 4]}.${'ПСВН'[(i + k) % 4]}.`);
    const technologies = some(TECHNOLOGIES, i, 1 + (i % 3), 5);
    if (i % 50 === 49) technologies.push('Телепатия');
    const positions =
      i % 97 === 96
        ? ''
        : authors.length > 1 && i % 2
          ? authors.map((_, k) => pick(POSITIONS, i + k)).join('\n')
          : pick(POSITIONS, i);
    return [
      `${seed} № ${i + 1}: ${pick(TECHNOLOGIES, i, 7).replace(/[«»"]/g, '')} в работе с детьми`,
      `Опыт применения на занятиях и в режимных моментах, запись ${i + 1}.`,
      some(LEVELS, i, 1 + (i % 2), 2).join(i % 2 ? '; ' : ', '),
      some(SUBJECTS, i, 1 + (i % 2), 3).join('\n'),
      technologies.join(i % 3 === 0 ? ', ' : '; '),
      some(DIRECTIONS, i, 1 + (i % 2), 1).join(';'),
      i % 4 === 0 ? 'дошкольники; опыт' : null,
      pick(ORGANIZATIONS, i)(1 + (i % 40)),
      pick(MUNICIPALITIES, i, 3),
      authors.join(', '),
      positions,
      2015 + (i % 10),
      new Date(Date.UTC(2025, i % 12, 1 + (i % 27))),
      null,
    ];
  });
}
