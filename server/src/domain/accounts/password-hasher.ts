import argon2 from 'argon2';

/** Hashes and verifies passwords with argon2id (OWASP-recommended parameters). */
export class PasswordHasher {
  readonly #options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
  /** Verified when the email is unknown, so both failures take the same time. */
  #decoy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.#options);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (hash === undefined) {
      this.#decoy ??= this.hash('decoy password that matches nothing');
      await argon2.verify(await this.#decoy, password);
      return false;
    }
    return argon2.verify(hash, password);
  }
}
