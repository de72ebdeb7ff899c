import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BlobStore } from '../../server/attachments/storage.js';
import { tempDir } from '../helper.js';

describe('content-addressed storage', () => {
  /** A store of its own for each test: none sees what another left behind. */
  async function freshStore(): Promise<BlobStore> {
    const data = tempDir('bank-store-');
    onTestFinished(() => data.remove());
    const store = new BlobStore(data.dir);
    await store.init();
    return store;
  }

  it('stores identical bytes once, under their sha256', async () => {
    const store = await freshStore();
    const a = await store.receive(Readable.from([Buffer.from('один и тот же план')]));
    const b = await store.receive(Readable.from([Buffer.from('один и тот же план')]));
    expect(a.sha256).toBe(b.sha256);
    await store.commit(a);
    await store.commit(b);
    expect(existsSync(store.pathOf(a.sha256))).toBe(true);
    expect(existsSync(b.tempPath)).toBe(false);
  });

  it('removes the temporary file when the source fails mid-way', async () => {
    const store = await freshStore();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.receive(failing)).rejects.toThrow('connection reset');
    expect(readdirSync(store.tempDir)).toEqual([]);
  });

  it('sweeps files nothing points to once they are old, never a referenced or a fresh one', async () => {
    const store = await freshStore();
    const put = (text: string) => store.put(Buffer.from(text));
    const kept = await put('на эту запись ссылается вложение');
    const orphan = await put('на эту — никто');
    const fresh = await put('только что загружена, строка ещё пишется');
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    for (const sha of [kept, orphan]) utimesSync(store.pathOf(sha), old, old);
    mkdirSync(store.tempDir, { recursive: true });
    const abandoned = path.join(store.tempDir, 'abandoned.part');
    writeFileSync(abandoned, 'обрывок');
    utimesSync(abandoned, old, old);
    const removed = await store.sweep((sha) => sha === kept);
    expect(removed).toBe(2);
    expect(existsSync(store.pathOf(kept))).toBe(true);
    expect(existsSync(store.pathOf(orphan))).toBe(false);
    expect(existsSync(store.pathOf(fresh))).toBe(true);
    expect(existsSync(abandoned)).toBe(false);
  });

  it('refuses a name that is not a sha256, so no path can be built from user input', () => {
    expect(() => new BlobStore('/nonexistent').pathOf('../../etc/passwd')).toThrow();
  });
});
