/**
 * The certificate of inclusion: a one-page A4 PDF whose text pdftotext reads back, a QR code of the verification
 * page, and that page telling the truth after a withdrawal; the practice's page for printing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { act } from '../moderation/fixtures.js';
import { signUp, tempDir, useApp } from '../helper.js';

const BASE = 'https://bank.example.ru';
const app = useApp({ DEMO_DATA: 'true', BASE_URL: BASE });
const hasPoppler = existsSync('/usr/bin/pdftotext');
if (!hasPoppler)
  console.warn('certificate text checks skipped: pdftotext is missing — install the apt package poppler-utils');

interface Published {
  id: number;
  number: string;
  title: string;
}
let published: Published;
let withdrawn: Published;

beforeAll(async () => {
  const rows = app()
    .bank.db.$client.prepare(
      `SELECT p.id, p.registry_number AS number, v.title FROM practices p
       JOIN practice_versions v ON v.id = p.published_version_id
       WHERE p.registry_number IS NOT NULL AND p.withdrawn_at IS NULL ORDER BY p.id LIMIT 2`,
    )
    .all() as Published[];
  [published, withdrawn] = rows as [Published, Published];
  const moderator = await signUp(app(), { roles: ['moderator'] });
  const done = await act(app(), moderator, withdrawn.id, 'withdraw', 'Практика повторяет другую');
  if (done.statusCode !== 200) throw new Error(done.body);
});

describe('the certificate of inclusion', () => {
  it('is a one-page A4 PDF with embedded fonts whose text has the number, the title and the verification address', async () => {
    const res = await app().inject({ url: `/practices/${published.number}/certificate.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasPoppler) return;
    const dir = tempDir('bank-certificate-');
    try {
      const file = path.join(dir.dir, 'c.pdf');
      writeFileSync(file, res.rawPayload);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/DejaVuSerif/);
      for (const line of fonts.split('\n').slice(2).filter(Boolean))
        expect(line).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+/);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain('СВИДЕТЕЛЬСТВО');
      expect(text).toContain(published.number);
      expect(text).toContain(published.title.replace(/\s+/g, ' ').slice(0, 30));
      expect(text).toContain('ГОСТ Р 7.0.100-2018');
      expect(text).toContain(`${BASE}/practices/${published.number}/certificate`);
    } finally {
      dir.remove();
    }
  });

  it('is not issued for a withdrawn practice, nor for a number the bank never gave', async () => {
    const gone = await app().inject({ url: `/practices/${withdrawn.number}/certificate.pdf` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toContain('снята с публикации');
    expect((await app().inject({ url: '/practices/67-1999-0001/certificate.pdf' })).statusCode).toBe(404);
  });
});

describe('the verification page the QR code opens', () => {
  it('confirms a certificate of a published practice', async () => {
    const res = await app().inject({
      url: `/practices/${published.number}/certificate`,
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Свидетельство подлинное');
    expect(res.body).toContain(published.number);
    expect(res.body).toContain(`/practices/${published.number}/certificate.pdf`);
  });

  it('says the certificate no longer holds once the practice was withdrawn, and why', async () => {
    const res = await app().inject({
      url: `/practices/${withdrawn.number}/certificate`,
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Свидетельство больше не действует');
    expect(res.body).toContain('Практика повторяет другую');
    expect(res.body).not.toContain('Свидетельство подлинное');
    expect(res.body).not.toContain('certificate.pdf');
  });
});

describe('the practice page for printing', () => {
  it('shows the practice and its citation without the site header, and is linked from the practice page', async () => {
    const page = await app().inject({ url: `/practices/${published.number}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain(`href="/practices/${published.number}/print"`);
    expect(page.body).toContain(`href="/practices/${published.number}/certificate.pdf"`);
    const res = await app().inject({ url: `/practices/${published.number}/print` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Как сослаться');
    expect(res.body).not.toContain('class="site-header"');
    expect(res.body).toMatch(/<link rel="stylesheet" href="\/assets\/print\.css\?v=\w+"\/?>/);
  });

  it('sends a withdrawn practice to its permalink, which says it was withdrawn', async () => {
    const res = await app().inject({ url: `/practices/${withdrawn.number}/print` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/practices/${withdrawn.number}`);
  });
});
