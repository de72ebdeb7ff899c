/** Upgrading a bank with work still queued the old ways (outbox, pending files, unsent e-mail) loses none of it. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../server/shared/paths.js';
import { tempDir } from '../helper.js';

const scratch = tempDir('bank-jobs-migration-');
afterAll(() => scratch.remove());

/** The migrations as they stood before the job runner: the journal cut before `job_queue`. */
function migrationsBeforeJobs(): string {
  const dir = path.join(scratch.dir, 'migrations');
  cpSync(migrationsDir, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_job_queue'));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe('the job queue migration', () => {
  it('turns the outbox, pending attachments and unsent e-mails into jobs, keeping their attempts', () => {
    const sqlite = new Database(path.join(scratch.dir, 'bank.db'));
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: migrationsBeforeJobs() });
    sqlite.pragma('foreign_keys = OFF'); // rows of other tables are not the point here
    const outbox = sqlite.prepare(
      'INSERT INTO search_outbox (practice_id, attempts, next_attempt_at) VALUES (?, ?, ?)',
    );
    outbox.run(5, 2, 1000);
    outbox.run(5, 0, 2000);
    outbox.run(9, 0, 0);
    const file = sqlite.prepare(
      "INSERT INTO attachments (practice_id, version_id, kind, name, sha256, text_status, preview_status, work_attempts) VALUES (1, 1, 'file', 'f', ?, ?, ?, ?)",
    );
    file.run('aaa', 'pending', 'none', 1);
    file.run('aaa', 'pending', 'none', 2); // the same bytes in a newer version
    file.run('bbb', 'done', 'pending', 0);
    file.run('ccc', 'done', 'done', 0);
    const mail = sqlite.prepare(
      "INSERT INTO notifications (user_id, kind, subject, body, email_status, email_attempts, email_next_at, email_error) VALUES (1, 'approve', 's', 'b', ?, ?, ?, ?)",
    );
    mail.run('pending', 3, 5000, 'SMTP 421');
    mail.run('sent', 1, 0, null);

    migrate(db, { migrationsFolder: migrationsDir });
    const jobs = sqlite
      .prepare('SELECT queue, key, payload, status, attempts, run_at, last_error FROM jobs ORDER BY queue, key')
      .all();
    expect(jobs).toEqual([
      {
        queue: 'attachment',
        key: 'aaa',
        payload: '{"sha256":"aaa"}',
        status: 'pending',
        attempts: 2,
        run_at: 0,
        last_error: null,
      },
      {
        queue: 'attachment',
        key: 'bbb',
        payload: '{"sha256":"bbb"}',
        status: 'pending',
        attempts: 0,
        run_at: 0,
        last_error: null,
      },
      {
        queue: 'email',
        key: 'notification:1',
        payload: '{"notificationId":1}',
        status: 'pending',
        attempts: 3,
        run_at: 5000,
        last_error: 'SMTP 421',
      },
      {
        queue: 'search',
        key: 'practice:5',
        payload: '{"practiceId":5}',
        status: 'pending',
        attempts: 0,
        run_at: 1000,
        last_error: null,
      },
      {
        queue: 'search',
        key: 'practice:9',
        payload: '{"practiceId":9}',
        status: 'pending',
        attempts: 0,
        run_at: 0,
        last_error: null,
      },
    ]);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'search_outbox'").all()).toEqual([]);
    sqlite.close();
  });
});
