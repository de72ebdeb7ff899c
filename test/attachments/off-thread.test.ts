/**
 * Extraction runs off the server's thread: while a long .docx is being read, /health answers. Kept in its own
 * file so the extraction thread starts cold, as on a server's first upload.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractInThread, EXTRACT_LIMITS } from '../../server/attachments/extract.js';
import type { JobEvent, JobOutcome } from '../../server/jobs/runner.js';
import { tempDir, useApp } from '../helper.js';
import { completeDraft } from '../moderation/fixtures.js';
import { makeLongDocx, multipart } from '../support/files.js';

const scratch = tempDir('bank-off-thread-');
afterAll(() => scratch.remove());
// About 2.4 million characters of text: more than is kept (1 million), a few MB as a file.
const longDocx = makeLongDocx(40_000);

describe('text extraction off the main thread', () => {
  const app = useApp();

  it('answers /health while a large .docx is being extracted', async () => {
    const { author, id } = await completeDraft(app());
    const { jobs } = app().bank.services;
    let finished = false;
    const settled = new Promise<JobEvent & { outcome: JobOutcome }>((resolve) =>
      jobs.events.on('settled', (event) => {
        if (event.queue !== 'attachment') return;
        finished = true;
        resolve(event);
      }),
    );
    const { body, contentType } = multipart([{ name: 'Большой конспект.docx', data: longDocx }]);
    const upload = await app().inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/attachments`,
      payload: body,
      headers: { 'content-type': contentType, cookie: author.cookie, 'x-csrf-token': author.csrf },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const health = await app().inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    // Run inline, the extraction would have finished inside the upload, before /health was even asked.
    expect(finished).toBe(false);
    expect((await settled).outcome).toBe('done');
    const row = app()
      .bank.db.$client.prepare('SELECT text_status, length(text) AS chars FROM attachments WHERE id = ?')
      .get(upload.json().items[0].id);
    expect(row).toEqual({ text_status: 'done', chars: EXTRACT_LIMITS.textChars });
  });

  it('kills the extraction when its caller gives up, and extracts the next file in a fresh thread', async () => {
    const file = path.join(scratch.dir, 'long.docx');
    writeFileSync(file, longDocx);
    const controller = new AbortController();
    const running = extractInThread(file, 'docx', controller.signal);
    controller.abort(new Error('the job timed out'));
    await expect(running).rejects.toThrow('the job timed out');
    expect((await extractInThread(file, 'docx')).length).toBe(EXTRACT_LIMITS.textChars);
  });
});
