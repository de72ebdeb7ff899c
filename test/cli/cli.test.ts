// Every test spawns the tools as separate processes: slow on a busy machine, hence the longer timeouts.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../helper.js';

const root = path.resolve(import.meta.dirname, '../..');
const data = tempDir();
// Each test starts a fresh Node process or three (tsx compiles on the way): on a busy 2-core machine one start can
// take 10 s, so these tests get far more than the suite's 20 s.
afterAll(() => data.remove());

/** Runs a command-line tool as `npm run …` would, on a private data directory. */
function run(script: string, args: string[], dataDir = data.dir) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const good = {
  title: 'Экологическая тропа детского сада',
  summary: 'Маршрут из восьми остановок на участке детского сада.',
  relevance: 'Дети мало наблюдают природу.',
  goals: 'Цель — экологическая культура.',
  content: 'Остановки тропы: «Муравейник», «Метеоплощадка», «Огород».',
  results: '83 % детей называют пять деревьев участка.',
  replication: 'Нужны таблички и план участка.',
  levels: ['Дошкольное образование'],
  subjects: ['Познавательное развитие'],
  technologies: ['Экологическое воспитание'],
  directions: ['Воспитание'],
  organization: 'МБДОУ «Детский сад «Берёзка»» г. Ельни',
  municipality: 'Ельнинский район',
  authors: [{ fullName: 'Соколова Ирина Владимировна', position: 'воспитатель' }],
  startedYear: 2023,
  publishedAt: '2024-04-22',
};

describe('npm run import', { timeout: 120_000 }, () => {
  const file = path.join(data.dir, 'practices.json');
  writeFileSync(file, JSON.stringify([good, { ...good, title: 'Без уровней', levels: [] }]));

  it('checks a file without writing in --dry-run and exits 1 when a record is bad', () => {
    // A bank of its own: in shuffled order the real import may already have run in the shared one.
    const own = tempDir();
    onTestFinished(() => own.remove());
    const dry = run('import', [file, '--dry-run'], own.dir);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('✓ #1 Экологическая тропа детского сада');
    expect(dry.out).toContain('✗ #2 Без уровней');
    expect(dry.out).toContain('levels: Укажите хотя бы один уровень образования');
    expect(dry.out).toContain('пробный прогон: ничего не записано');
  });

  it('imports the good record, and importing the file again creates nothing new', () => {
    const first = run('import', [file]);
    expect(first.out).toContain('добавлено 1');
    const second = run('import', [file, '--json']);
    const report = JSON.parse(second.out);
    expect(report).toMatchObject({ created: 0, duplicates: 1, failed: 1 });
    expect(report.records[0]).toMatchObject({ status: 'duplicate', registryNumber: '67-2024-0001' });
  });

  it('rebuilds the search index with npm run reindex, counting the imported practice', () => {
    // A bank of its own, so what the other tests imported (or not yet) does not matter.
    const own = tempDir();
    onTestFinished(() => own.remove());
    const goodFile = path.join(own.dir, 'good.json');
    writeFileSync(goodFile, JSON.stringify([good]));
    expect(run('import', [goodFile], own.dir).code).toBe(0);
    const reindex = run('reindex', [], own.dir);
    expect(reindex.code).toBe(0);
    expect(reindex.out).toMatch(/Поисковый индекс \(embedded\) перестроен: 1 практик/);
  });

  it('reads a CSV register, confirms mappings from --map and keeps unknown technologies as keywords on request', () => {
    const own = tempDir();
    onTestFinished(() => own.remove());
    const csv = path.join(own.dir, 'реестр.csv');
    writeFileSync(
      csv,
      '\uFEFFНазвание;Аннотация;Уровень образования;Предмет;Технологии;Направления;Организация;Муниципалитет;Авторы;Должности;Год начала\n' +
        'Сказки на прогулке;Аннотация;ДОУ;Речевое развитие;"Сказкотерпия; Нейроигры";Развитие;МБДОУ № 5;г. Смоленск;Иванова А.П.;воспитатель;2022\n',
    );
    const strict = run('import', [csv, '--dry-run'], own.dir);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('✗ строка 2 Сказки на прогулке');
    expect(strict.out).toContain('возможно, «Сказкотерапия»');
    const map = path.join(own.dir, 'map.json');
    writeFileSync(map, JSON.stringify({ Технологии: { Сказкотерпия: 'fairy-tale-therapy' } }));
    const mapped = run('import', [csv, '--map', map, '--unknown', 'keyword'], own.dir);
    expect(mapped.code).toBe(0);
    expect(mapped.out).toContain('«Сказкотерпия» → «Сказкотерапия» (подтверждено)');
    expect(mapped.out).toContain('«Нейроигры» нет в справочнике «Технологии»: оставлено ключевым словом');
    expect(mapped.out).toContain('добавлено 1');
    expect(run('import', [csv, '--unknown', 'maybe'], own.dir).code).toBe(2);
  });

  it('explains its usage and an unreadable file with exit code 2', () => {
    expect(run('import', []).code).toBe(2);
    const missing = run('import', [path.join(data.dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Не удалось прочитать');
  });
});

describe('npm run user', { timeout: 120_000 }, () => {
  it('creates a moderator with a one-time password, grants a role and lists accounts', () => {
    const created = run('user', [
      'create',
      'reviewer@soiro.test',
      '--name',
      'Рецензентова Галина Петровна',
      '--role',
      'moderator',
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Одноразовый пароль: \S{12,}/);
    expect(run('user', ['grant', 'reviewer@soiro.test', 'admin']).code).toBe(0);
    const list = run('user', ['list']);
    expect(list.out).toMatch(/\treviewer@soiro\.test\tРецензентова Галина Петровна\tadmin,author,moderator\n/);
  });

  it('refuses an unknown role, a bad e-mail and a duplicate account', () => {
    expect(run('user', ['create', 'x@soiro.test', '--name', 'Иванов Иван', '--role', 'king']).code).toBe(2);
    expect(run('user', ['create', 'not-an-email', '--name', 'Иванов Иван']).code).toBe(2);
    run('user', ['create', 'twice@soiro.test', '--name', 'Дважды Дмитрий', '--password', 'long enough pass']);
    const again = run('user', [
      'create',
      'twice@soiro.test',
      '--name',
      'Дважды Дмитрий',
      '--password',
      'long enough pass',
    ]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('уже зарегистрирован');
  });
});
