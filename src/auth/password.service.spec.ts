import { PasswordService } from './password.service';

describe(PasswordService.name, () => {
  const service = new PasswordService();

  it('accepts 12 to 128 characters with no composition rules', () => {
    expect(service.weakness('plain words only')).toBeUndefined();
    expect(service.weakness('a'.repeat(11) + 'b')).toBeUndefined();
    expect(service.weakness('x'.repeat(128))).toBeUndefined();
  });

  it('names the rule a password breaks', () => {
    expect(service.weakness('short')).toBe('password: must be at least 12 characters');
    expect(service.weakness('x'.repeat(129))).toBe('password: must be at most 128 characters');
    expect(service.weakness('Password1234')).toMatch(/commonly used passwords/);
    expect(service.weakness('111111111111')).toMatch(/commonly used passwords/);
  });

  it('hashes with argon2id at the OWASP minimum and verifies', async () => {
    const hash = await service.hash('correct battery staple horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(service.verify(hash, 'correct battery staple horse')).resolves.toBe(true);
    await expect(service.verify(hash, 'wrong battery staple horse')).resolves.toBe(false);
    await expect(service.verify('not a hash', 'anything')).resolves.toBe(false);
  });
});
