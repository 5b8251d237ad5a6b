import { Algorithm, hash, verify } from '@node-rs/argon2';
import { BadRequestException, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths';

/** OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 128;

let commonPasswords: Set<string> | undefined;

function isCommon(password: string): boolean {
  commonPasswords ??= new Set(
    readFileSync(join(PROJECT_ROOT, 'src', 'auth', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#')),
  );
  return commonPasswords.has(password.toLowerCase());
}

/** Password policy (length and a common-password list, no composition rules) and hashing. */
@Injectable()
export class PasswordService {
  /** The reason a password is refused, or undefined when it is acceptable. */
  weakness(password: string): string | undefined {
    const length = [...password].length;
    if (length < PASSWORD_MIN) return `password: must be at least ${PASSWORD_MIN} characters`;
    if (length > PASSWORD_MAX) return `password: must be at most ${PASSWORD_MAX} characters`;
    if (isCommon(password))
      return 'password: is on the list of commonly used passwords; choose another';
    return undefined;
  }

  assertStrong(password: string): void {
    const problem = this.weakness(password);
    if (problem) throw new BadRequestException([problem]);
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
