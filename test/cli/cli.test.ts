// The tools are called in this process (their `run…` functions, as `npm run …` calls them through `runWhenMain`):
// a Node process per call cost 10 s and more of tsx compiling on a busy two-core machine. Two tests still start the
// real processes, to prove the wiring (arguments, environment, stdout, exit code) the in-process calls skip.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Tool } from '../../server/cli/context.js';
import { runImport } from '../../server/cli/import.js';
import { runReindex } from '../../server/cli/reindex.js';
import { runUser } from '../../server/cli/user.js';
import { tempDir } from '../helper.js';

const root = path.resolve(import.meta.dirname, '../..');
const data = tempDir();
afterAll(() => data.remove());

/** Runs a command-line tool in this process on a private data directory, its output collected as a terminal shows it. */
async function run(tool: Tool, args: string[], dataDir = data.dir) {
  let out = '';
  let err = '';
  const code = await tool(args, {
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
    env: { DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
  });
  return { code, out, err };
}

/** Runs a command-line tool as `npm run …` would: a Node process of its own. */
function spawn(script: string, args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, NODE_ENV: 'test' },
    encoding: 'utf8',
    // tsx compiles the server on the way: on a busy two-core machine one start has taken over a minute.
    timeout: 150_000,
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

describe('npm run import', { timeout: 180_000 }, () => {
  const file = path.join(data.dir, 'practices.json');
  writeFileSync(file, JSON.stringify([good, { ...good, title: 'Без уровней', levels: [] }]));

  it('checks a file without writing in --dry-run and exits 1 when a record is bad, as its own process', () => {
    // A bank of its own: in shuffled order the real import may already have run in the shared one.
    const own = tempDir();
    onTestFinished(() => own.remove());
    const dry = spawn('import', [file, '--dry-run'], own.dir);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('✓ #1 Экологическая тропа детского сада');
    expect(dry.out).toContain('✗ #2 Без уровней');
    expect(dry.out).toContain('levels: Укажите хотя бы один уровень образования');
    expect(dry.out).toContain('пробный прогон: ничего не записано');
  });

  it('imports the good record, and importing the file again creates nothing new', async () => {
    const first = await run(runImport, [file]);
    expect(first.out).toContain('добавлено 1');
    const second = await run(runImport, [file, '--json']);
    const report = JSON.parse(second.out);
    expect(report).toMatchObject({ created: 0, duplicates: 1, failed: 1 });
    expect(report.records[0]).toMatchObject({ status: 'duplicate', registryNumber: '67-2024-0001' });
  });

  it('rebuilds the search index with npm run reindex, counting the imported practice', async () => {
    // A bank of its own, so what the other tests imported (or not yet) does not matter.
    const own = tempDir();
    onTestFinished(() => own.remove());
    const goodFile = path.join(own.dir, 'good.json');
    writeFileSync(goodFile, JSON.stringify([good]));
    expect((await run(runImport, [goodFile], own.dir)).code).toBe(0);
    const reindex = await run(runReindex, [], own.dir);
    expect(reindex.code).toBe(0);
    expect(reindex.out).toMatch(/Поисковый индекс \(embedded\) перестроен: 1 практик/);
  });

  it('reads a CSV register, confirms mappings from --map and keeps unknown technologies as keywords on request', async () => {
    const own = tempDir();
    onTestFinished(() => own.remove());
    const csv = path.join(own.dir, 'реестр.csv');
    writeFileSync(
      csv,
      '\uFEFFНазвание;Аннотация;Уровень образования;Предмет;Технологии;Направления;Организация;Муниципалитет;Авторы;Должности;Год начала\n' +
        'Сказки на прогулке;Аннотация;ДОУ;Речевое развитие;"Сказкотерпия; Нейроигры";Развитие;МБДОУ № 5;г. Смоленск;Иванова А.П.;воспитатель;2022\n',
    );
    const strict = await run(runImport, [csv, '--dry-run'], own.dir);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('✗ строка 2 Сказки на прогулке');
    expect(strict.out).toContain('возможно, «Сказкотерапия»');
    const map = path.join(own.dir, 'map.json');
    writeFileSync(map, JSON.stringify({ Технологии: { Сказкотерпия: 'fairy-tale-therapy' } }));
    const mapped = await run(runImport, [csv, '--map', map, '--unknown', 'keyword'], own.dir);
    expect(mapped.code).toBe(0);
    expect(mapped.out).toContain('«Сказкотерпия» → «Сказкотерапия» (подтверждено)');
    expect(mapped.out).toContain('«Нейроигры» нет в справочнике «Технологии»: оставлено ключевым словом');
    expect(mapped.out).toContain('добавлено 1');
    expect((await run(runImport, [csv, '--unknown', 'maybe'], own.dir)).code).toBe(2);
  });

  it('explains its usage and an unreadable file with exit code 2', async () => {
    expect((await run(runImport, [])).code).toBe(2);
    const missing = await run(runImport, [path.join(data.dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Не удалось прочитать');
  });
});

describe('npm run user', { timeout: 180_000 }, () => {
  it('creates a moderator with a one-time password, grants a role and lists accounts in its own process', async () => {
    const own = tempDir();
    onTestFinished(() => own.remove());
    const created = await run(
      runUser,
      ['create', 'reviewer@soiro.test', '--name', 'Рецензентова Галина Петровна', '--role', 'moderator'],
      own.dir,
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Одноразовый пароль: \S{12,}/);
    expect((await run(runUser, ['grant', 'reviewer@soiro.test', 'admin'], own.dir)).code).toBe(0);
    // The list from a process of its own: `npm run user` reads DATA_DIR and writes its report to stdout.
    const list = spawn('user', ['list'], own.dir);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/\treviewer@soiro\.test\tРецензентова Галина Петровна\tadmin,author,moderator\n/);
  });

  it('refuses an unknown role, a bad e-mail and a duplicate account', async () => {
    expect((await run(runUser, ['create', 'x@soiro.test', '--name', 'Иванов Иван', '--role', 'king'])).code).toBe(2);
    expect((await run(runUser, ['create', 'not-an-email', '--name', 'Иванов Иван'])).code).toBe(2);
    const twice = ['create', 'twice@soiro.test', '--name', 'Дважды Дмитрий', '--password', 'long enough pass'];
    await run(runUser, twice);
    const again = await run(runUser, twice);
    expect(again.code).toBe(1);
    expect(again.err).toContain('уже зарегистрирован');
  });
});
