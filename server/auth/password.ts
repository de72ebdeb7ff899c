import argon2 from 'argon2';

/** OWASP's argon2id baseline: 19 MiB of memory, 2 iterations, 1 lane. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  // Not an argon2 hash at all (an account that never had a password): nothing can match it. argon2 would throw.
  if (!hash.startsWith('$argon2')) return false;
  return argon2.verify(hash, password);
}

/** A hash of a random password: compared against when the e-mail is unknown, so timing does not reveal accounts. */
export const dummyHash = hashPassword(crypto.randomUUID());
