/**
 * Backups of the running bank: taken on a schedule (BACKUP_EVERY) or from the admin area, each into a directory of
 * its own under BACKUP_DIR (`bank-20261130-101500`), the newest BACKUP_KEEP kept, each recorded in the admin
 * history. The schedule is a timer counted from the newest backup on disk, so a restart neither skips nor repeats one.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore } from '../attachments/storage.js';
import { writeTransaction, type Db } from '../db/client.js';
import { recordAdminAction, SYSTEM_ACTOR, type AdminActor } from '../history/admin.js';
import { readManifest, type Manifest } from './manifest.js';
import { takeSnapshot, type SnapshotOptions } from './snapshot.js';

export interface BackupSettings {
  /** Where scheduled and on-demand backups go; without it the bank takes none itself. */
  dir: string | undefined;
  /** How often a scheduled backup is taken; off when undefined. */
  everyMs: number | undefined;
  /** How many of the newest backups are kept. */
  keep: number;
}

/** A backup kept under BACKUP_DIR, as the admin page lists it. */
export interface KeptBackup {
  name: string;
  dir: string;
  takenAt: string;
  totalBytes: number;
  files: number;
  durationMs: number;
}

/** Our own backups' names: only these are ever listed or deleted, never anything else put in the directory. */
const NAME = /^bank-\d{8}-\d{6}$/;
/** setTimeout's longest delay; a longer wait is taken in several. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A bank starting without any backup takes its first this soon after start, not at once. */
const FIRST_DELAY_MS = 60_000;

const stampOf = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export interface BackupServiceDeps {
  db: Db;
  store: BlobStore;
  settings: BackupSettings;
  log: FastifyBaseLogger;
  now?: () => Date;
}

export function createBackupService({ db, store, settings, log, now = () => new Date() }: BackupServiceDeps) {
  let running: Promise<KeptBackup> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** The kept backups, newest first; an unfinished one (no manifest) is not a backup. */
  async function list(): Promise<KeptBackup[]> {
    if (!settings.dir) return [];
    const names = await readdir(settings.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const kept: KeptBackup[] = [];
    for (const name of names
      .filter((n) => NAME.test(n))
      .sort()
      .reverse()) {
      const dir = path.join(settings.dir, name);
      const manifest = await readManifest(dir).catch(() => undefined);
      if (manifest) kept.push(summary(name, dir, manifest));
    }
    return kept;
  }

  function summary(name: string, dir: string, m: Manifest): KeptBackup {
    return { name, dir, takenAt: m.takenAt, totalBytes: m.totalBytes, files: m.files.length, durationMs: m.durationMs };
  }

  /** Deletes all but the newest `keep` backups (and unfinished ones older than the newest). */
  async function prune(): Promise<void> {
    const kept = await list();
    for (const old of kept.slice(settings.keep)) await rm(old.dir, { recursive: true, force: true });
  }

  async function take(actor: AdminActor, options: SnapshotOptions): Promise<KeptBackup> {
    if (!settings.dir) throw new Error('BACKUP_DIR is not set');
    const name = `bank-${stampOf(now())}`;
    const dir = path.join(settings.dir, name);
    const manifest = await takeSnapshot(db, store, dir, { now, ...options });
    const kept = summary(name, dir, manifest);
    const megabytes = (manifest.totalBytes / 1024 / 1024).toFixed(1);
    writeTransaction(db, (tx) =>
      recordAdminAction(tx, actor, {
        action: 'backup.taken',
        targetType: 'backup',
        targetId: name,
        summary: `Резервная копия ${name}: ${manifest.files.length} файл(ов), ${megabytes} МБ, за ${(manifest.durationMs / 1000).toFixed(1)} с`,
        details: {
          dir,
          totalBytes: manifest.totalBytes,
          files: manifest.files.length,
          durationMs: manifest.durationMs,
        },
      }),
    );
    log.info({ backup: dir, bytes: manifest.totalBytes, ms: manifest.durationMs }, 'backup taken');
    await prune();
    return kept;
  }

  /** Takes a backup now into BACKUP_DIR; a backup already under way is waited for instead of doubled. */
  function takeNow(actor: AdminActor, options: SnapshotOptions = {}): Promise<KeptBackup> {
    running ??= take(actor, options).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(delayMs: number): void {
    if (closed || !settings.everyMs) return;
    const due = now().getTime() + delayMs;
    const wait = () => {
      const left = due - now().getTime();
      if (left > 0) {
        timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS)).unref();
        return;
      }
      void takeNow(SYSTEM_ACTOR)
        .catch((error: unknown) => log.error({ err: error, backupDir: settings.dir }, 'scheduled backup failed'))
        .finally(() => schedule(settings.everyMs!));
    };
    wait();
  }

  return {
    settings,
    list,
    takeNow,
    /** Starts the schedule: the next backup is due BACKUP_EVERY after the newest one on disk. */
    async start(): Promise<void> {
      if (!settings.dir || !settings.everyMs) return;
      const newest = (await list())[0];
      const since = newest ? now().getTime() - new Date(newest.takenAt).getTime() : Infinity;
      schedule(Math.max(FIRST_DELAY_MS, settings.everyMs - since));
    },
    /** Stops the schedule and waits for a backup under way. */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
