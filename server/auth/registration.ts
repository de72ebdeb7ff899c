/**
 * Registration that tells nobody which addresses have accounts: a new address gets an unconfirmed account and a
 * confirmation link; a known one gets a letter to its owner saying someone tried. Both hash the password, and the
 * caller gets the same answer; nobody is signed in until the confirmation link is opened.
 */
import { randomBytes } from 'node:crypto';
import { writeTransaction, type Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { SIGNATURE, type Mailer } from '../notifications/mailer.js';
import { WORKSPACE } from '../web/pages/workspace/paths.js';
import type { EmailConfirmation } from './confirmation.js';
import { assertGoodPassword, normalizeEmail, type AuthService, type Caller, type NewUser } from './service.js';
import type { Throttle } from './throttle.js';

/** Letters about one address in the throttle's window: more registrations with it are answered, not mailed. */
const LETTERS_PER_WINDOW = 3;

/** What every registration is told, new address or known. */
export const registrationSent = (email: string) =>
  `Проверьте почту: мы отправили письмо на ${email}. Откройте ссылку из него, чтобы подтвердить адрес и войти; ` +
  'ссылка действует 48 часов. Если письма нет несколько минут, загляните в папку «Спам».';

export interface RegistrationDeps {
  db: Db;
  auth: Pick<AuthService, 'createUnconfirmed' | 'findUserByEmail' | 'slowDown' | 'hashPassword'>;
  confirmation: Pick<EmailConfirmation, 'issue'>;
  mailer: Pick<Mailer, 'send'>;
  baseUrl: string;
  throttle?: Throttle | undefined;
}

export function createRegistration({ db, auth, confirmation, mailer, baseUrl, throttle }: RegistrationDeps) {
  /** The owner of a known address learns that someone tried to register with it, and how to get in. */
  function warnOwner(email: string): void {
    const owner = auth.findUserByEmail(email);
    if (!owner || owner.disabledAt) return;
    writeTransaction(db, (tx) =>
      mailer.send(
        tx,
        `register-known:${randomBytes(8).toString('hex')}`,
        {
          to: owner.email,
          subject: 'Попытка регистрации с вашим адресом',
          text:
            `Здравствуйте, ${owner.fullName}!\n\nКто-то только что пытался зарегистрироваться в банке инновационных ` +
            'практик Смоленской области с вашим адресом. Учётная запись с этим адресом у вас уже есть, поэтому ' +
            `вторую мы не создали.\n\nЕсли это были вы — войдите: ${baseUrl}${WORKSPACE.login}\n` +
            `Не помните пароль — задайте новый: ${baseUrl}${WORKSPACE.passwordReset}\n\n` +
            'Если это были не вы, ничего делать не нужно: ваша учётная запись и пароль не изменились.\n\n' +
            SIGNATURE,
        },
        'registration with a known address',
        { userId: owner.id },
      ),
    );
  }

  return {
    /** Registers an author or warns the address's owner; answers the same either way (`registrationSent`). */
    async register(input: NewUser, caller: Caller): Promise<{ message: string }> {
      await auth.slowDown(caller.address);
      const email = normalizeEmail(input.email);
      // Every registration counts against the address (many from one place are slowed) and the e-mail (letters).
      throttle?.record('register', email, caller.address);
      assertGoodPassword('password', input.password, input);
      const letters = throttle ? throttle.countFor('register', email) : 1;
      let known = auth.findUserByEmail(email) !== undefined;
      if (known)
        await auth.hashPassword(input.password); // the same work as a new account: the time tells nothing
      else
        try {
          await auth.createUnconfirmed({ ...input, email }, (tx, user) => confirmation.issue(tx, user));
        } catch (error) {
          // Two registrations racing for one address: the unique index decided, the loser is a known address.
          if (!(error instanceof AppError && error.code === 'EMAIL_TAKEN')) throw error;
          known = true;
        }
      if (known && letters <= LETTERS_PER_WINDOW) warnOwner(email);
      return { message: registrationSent(email) };
    },
  };
}

export type Registration = ReturnType<typeof createRegistration>;
