import { describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { createJobRunner } from '../../server/jobs/runner.js';
import { composeEmail } from '../../server/notifications/email.js';
import {
  coauthorInviteMessage,
  decisionMessage,
  submittedMessage,
  targetOf,
  type Message,
} from '../../server/notifications/messages.js';
import { createNotificationService } from '../../server/notifications/service.js';
import { silentLogger } from '../support/logger.js';

const BASE = 'https://practices.soiro.example';
const letter = (message: Message, registryNumber: string | null = null) =>
  composeEmail({ ...message, registryNumber, fullName: 'Анна Петровна' }, BASE);

/** Every address in a letter. */
const links = (text: string) => [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);

describe('the e-mails the bank sends', () => {
  it('sends a returned practice’s authors to its editor, with the reviewer’s comment and what to do', () => {
    const mail = letter(
      decisionMessage('request_changes', 42, 'Опыты с водой', 'Добавьте результаты диагностики', null),
    );
    expect(mail.subject).toBe('Рецензент вернул практику «Опыты с водой» на доработку');
    expect(mail.text).toMatch(/^Здравствуйте, Анна Петровна!/);
    expect(mail.text).toContain('Комментарий рецензента: Добавьте результаты диагностики');
    expect(mail.text).toContain('исправьте её по замечаниям рецензента и снова отправьте на рассмотрение');
    expect(mail.text).toContain(`Исправить практику: ${BASE}/my/practices/42\n`);
    expect(links(mail.text)).toEqual([`${BASE}/my/practices/42`, `${BASE}/notifications`]);
  });

  it('gives a published practice’s number and its public page, which needs no sign-in', () => {
    const mail = letter(decisionMessage('approve', 42, 'Опыты с водой', '', '67-2026-0042'), '67-2026-0042');
    expect(mail.subject).toBe('Практика «Опыты с водой» опубликована под № 67-2026-0042');
    expect(mail.text).toContain('под номером 67-2026-0042 в реестре');
    expect(mail.text).toContain(`Открыть страницу практики: ${BASE}/practices/67-2026-0042`);
    expect(mail.text).not.toContain('попросит войти');
  });

  it('explains a rejection and a withdrawal with the reason, linking to the practice', () => {
    const rejected = letter(decisionMessage('reject', 7, 'Квест', 'Не по теме банка', null));
    expect(rejected.subject).toBe('Рецензент отклонил практику «Квест»');
    expect(rejected.text).toContain('Комментарий рецензента: Не по теме банка');
    expect(links(rejected.text)[0]).toBe(`${BASE}/my/practices/7`);
    const withdrawn = letter(
      decisionMessage('withdraw', 7, 'Квест', 'Нарушены авторские права', '67-2025-0003'),
      '67-2025-0003',
    );
    expect(withdrawn.subject).toBe('Практика «Квест» снята с публикации');
    expect(withdrawn.text).toContain('Причина: Нарушены авторские права');
    expect(withdrawn.text).toContain('начните её новую версию');
    expect(links(withdrawn.text)[0]).toBe(`${BASE}/practices/67-2025-0003`);
  });

  it('sends a reviewer to the review page of a new or corrected practice', () => {
    const first = letter(submittedMessage(9, 'Шахматы в ДОУ', 'Иванова Анна', 'first'));
    expect(first.subject).toBe('Новая практика ждёт рецензента: «Шахматы в ДОУ»');
    expect(links(first.text)[0]).toBe(`${BASE}/moderation/practices/9`);
    const again = letter(submittedMessage(9, 'Шахматы в ДОУ', 'Иванова Анна', 'again'));
    expect(again.subject).toBe('Практика «Шахматы в ДОУ» доработана и снова ждёт рецензента');
    expect(again.text).toContain('Иванова Анна исправил(а) практику по замечаниям');
    expect(letter(submittedMessage(9, 'Шахматы', 'Иванова', 'new_version')).subject).toBe(
      'Новая версия практики «Шахматы» ждёт рецензента',
    );
  });

  it('sends an invited co-author to «Мои практики», where the invitation is accepted', () => {
    const mail = letter(coauthorInviteMessage(3, 'Экологическая тропа', 'Петрова Мария'));
    expect(mail.subject).toBe('Вас пригласили в соавторы практики «Экологическая тропа»');
    expect(mail.text).toContain('Петрова Мария указал(а) вас соавтором');
    expect(mail.text).toContain(`Ответить на приглашение: ${BASE}/my\n`);
  });

  it('never links to the API, and every link is absolute from BASE_URL', () => {
    const all = [
      letter(decisionMessage('approve', 1, 'А', '', '67-2026-0001'), '67-2026-0001'),
      letter(decisionMessage('approve', 1, 'А', '', null)),
      letter(decisionMessage('request_changes', 1, 'А', 'к', null)),
      letter(decisionMessage('reject', 1, 'А', 'к', null)),
      letter(decisionMessage('withdraw', 1, 'А', 'к', null)),
      letter(submittedMessage(1, 'А', 'И', 'first')),
      letter(coauthorInviteMessage(1, 'А', 'И')),
      letter({ kind: 'something_old', practiceId: null, subject: 'Старое', body: 'Текст' }),
    ];
    for (const mail of all) {
      expect(links(mail.text).length).toBeGreaterThanOrEqual(2);
      for (const link of links(mail.text)) {
        expect(link.startsWith(`${BASE}/`)).toBe(true);
        expect(link).not.toContain('/api/');
      }
    }
  });

  it('links a notification on the page and in the letter to the same page', () => {
    const message = decisionMessage('request_changes', 12, 'А', 'к', null);
    expect(links(letter(message).text)[0]).toBe(BASE + targetOf(message).path);
  });

  it('is sent by the e-mail job with the practice’s number looked up when it is sent', async () => {
    const db = openDatabase(':memory:');
    db.$client
      .prepare(
        "INSERT INTO users (email, password_hash, full_name) VALUES ('teacher@school.test', 'x', 'Анна Петровна')",
      )
      .run();
    const practiceId = Number(
      db.$client.prepare("INSERT INTO practices (registry_number) VALUES ('67-2026-0042')").run().lastInsertRowid,
    );
    const sent: { to: string; subject: string; text: string }[] = [];
    const transport = {
      async sendMail(message: { to: string; subject: string; text: string }) {
        sent.push(message);
        return {} as never;
      },
    };
    const jobs = createJobRunner({ db, log: silentLogger });
    const service = createNotificationService({ db, jobs, transport: transport as never, baseUrl: BASE });
    writeTransaction(db, (tx) =>
      service.notify(tx, [1], decisionMessage('approve', practiceId, 'Опыты', '', '67-2026-0042')),
    );
    await jobs.drain('email');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('teacher@school.test');
    expect(sent[0]!.subject).toBe('Практика «Опыты» опубликована под № 67-2026-0042');
    expect(sent[0]!.text).toContain('Здравствуйте, Анна Петровна!');
    expect(sent[0]!.text).toContain(`${BASE}/practices/67-2026-0042`);
    await jobs.close();
    db.$client.close();
  });
});
