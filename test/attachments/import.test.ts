import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoCatalogue } from '../../server/bootstrap.js';
import { rows, tempDir, useApp } from '../helper.js';
import { makePdf } from '../support/files.js';

const data = tempDir('bank-attachment-import-');
const files = tempDir('bank-import-files-');
afterAll(() => {
  data.remove();
  files.remove();
});

describe('attaching materials to an imported practice', () => {
  const app = useApp({ DATA_DIR: data.dir });
  let practiceId = 0;
  const file = (name: string, bytes: Buffer | string) => {
    const at = path.join(files.dir, name);
    writeFileSync(at, bytes);
    return at;
  };
  const importer = () => app().bank.services.attachmentImport;

  beforeAll(() => {
    const report = app().bank.services.importer.importRecords(readDemoCatalogue().slice(0, 1));
    practiceId = report.records[0]!.practiceId!;
  });

  it('attaches checked files and video links to the published version, with a history entry', async () => {
    const attached = await importer().attach(
      practiceId,
      {
        files: [file('План занятий.pdf', makePdf([['Plan zanyatiy']]))],
        videos: [{ url: 'https://rutube.ru/video/0123456789abcdef0123456789abcdef/', title: 'Занятие целиком' }],
      },
      'Импорт',
    );
    expect(attached.map((a) => [a.kind, a.name, a.provider])).toEqual([
      ['file', 'План занятий.pdf', null],
      ['link', 'Занятие целиком', 'rutube'],
    ]);
    expect(attached[0]).toMatchObject({ mime: 'application/pdf', textStatus: 'pending', previewStatus: 'pending' });
    const history = app()
      .bank.db.$client.prepare("SELECT actor_name AS actor FROM practice_history WHERE action = 'attach'")
      .all();
    expect(history).toEqual([{ actor: 'Импорт' }]);
  });

  it('refuses a file whose bytes are not what its name says, and keeps nothing of the batch', async () => {
    const before = rows(app(), 'attachments');
    await expect(
      importer().attach(
        practiceId,
        { files: [file('Годный.pdf', makePdf([['ok']])), file('Отчёт.pdf', 'это просто текст')], videos: [] },
        'Импорт',
      ),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(rows(app(), 'attachments')).toBe(before);
    expect(readdirSync(path.join(data.dir, 'tmp'))).toEqual([]);
  });

  it('refuses a video address that is not RuTube, VK Video or YouTube over https', async () => {
    const before = rows(app(), 'attachments');
    await expect(
      importer().attach(
        practiceId,
        { files: [], videos: [{ url: 'http://rutube.ru/video/abc/', title: 'Видео' }] },
        'Импорт',
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(rows(app(), 'attachments')).toBe(before);
  });
});
