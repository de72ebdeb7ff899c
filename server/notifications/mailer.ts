/**
 * Letters that are not notifications of the bell (reset and confirmation links, invitations to people without an
 * account, a warning that someone tried to register with an address): queued as `mail` jobs in the transaction
 * that decided to send them. Without SMTP_URL nothing is sent; outside production the letter is logged so a
 * developer (and the tests) can follow its link.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { DbOrTx } from '../db/client.js';
import type { JobPayloads, JobRunner } from '../jobs/runner.js';

export type Letter = JobPayloads['mail'];

/** The signature every letter ends with. */
export const SIGNATURE = '— Банк инновационных практик Смоленской области';

export interface MailerDeps {
  jobs: Pick<JobRunner, 'enqueue' | 'register'>;
  /** Sends mail; undefined without SMTP_URL. */
  transport?: Pick<Transporter, 'sendMail'> | undefined;
  from?: string | undefined;
  production: boolean;
  log: FastifyBaseLogger;
}

export function createMailer({ jobs, transport, from = 'bank@localhost', production, log }: MailerDeps) {
  if (transport)
    jobs.register('mail', {
      async handler(letters, { signal }) {
        for (const letter of letters) {
          signal.throwIfAborted();
          await transport.sendMail({ from, ...letter });
        }
      },
      timeoutMs: 60_000,
      // A reset link lives an hour: retrying for longer would deliver a dead link.
      maxAttempts: 4,
      backoff: { baseMs: 60_000, maxMs: 10 * 60_000 },
    });

  return {
    /** Whether letters really leave the bank (SMTP_URL is set). */
    sends: transport !== undefined,
    /**
     * Queues `letter` inside the caller's transaction under a unique `key`. Without SMTP it is only logged with
     * `fields` (outside production with its text, so its link can be followed): `what` names it in the log.
     */
    send(tx: DbOrTx, key: string, letter: Letter, what: string, fields: Record<string, unknown> = {}): void {
      if (transport) {
        jobs.enqueue(tx, 'mail', key, letter);
        return;
      }
      if (production) log.warn(fields, `${what}: SMTP_URL is not set, no letter sent`);
      else log.info({ ...fields, text: letter.text }, `${what} (SMTP_URL is not set, so the letter is only logged)`);
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
