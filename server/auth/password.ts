import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';

/** The work an argon2id hash costs: memory in KiB and passes over it (one lane). */
export interface PasswordCost {
  memoryKiB: number;
  passes: number;
}

/**
 * OWASP's argon2id baseline: 19 MiB of memory, 2 passes, 1 lane — about 45 ms of CPU a hash. The bank always
 * hashes at this cost; only the tests' configuration (test/helper.ts) lowers it, and no environment variable
 * can (see `Config.passwordCost`).
 */
export const OWASP_COST: PasswordCost = { memoryKiB: 19_456, passes: 2 };

/** Hashing and checking passwords at one cost. A hash keeps its own cost: any hash verifies, whatever it was made at. */
export function createPasswords(cost: PasswordCost = OWASP_COST) {
  const options = { type: argon2.argon2id, memoryCost: cost.memoryKiB, timeCost: cost.passes, parallelism: 1 } as const;
  const hash = (password: string): Promise<string> => argon2.hash(password, options);
  // Made at once, so that even the first sign-in with an unknown address takes the time of a known one.
  const dummy = hash(randomUUID());
  return {
    hash,
    async verify(passwordHash: string, password: string): Promise<boolean> {
      // Not an argon2 hash at all (an account that never had a password): nothing can match it. argon2 would throw.
      if (!passwordHash.startsWith('$argon2')) return false;
      return argon2.verify(passwordHash, password);
    },
    /** A hash of a random password: checked against when the e-mail is unknown, so timing does not reveal accounts. */
    dummyHash: (): Promise<string> => dummy,
  };
}

export type Passwords = ReturnType<typeof createPasswords>;
