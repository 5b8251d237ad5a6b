import { runCli } from '../../src/cli/cli';
import { testConfig, testDatabaseUrl, testOwnerUrl } from '../support/test-app';

/** The command line, run in-process against the test database with captured output. */
describe('cli', () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      testConfig(),
      async () => ({ url: testDatabaseUrl(), ownerUrl: testOwnerUrl() }),
      {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      },
    );
    return { code, out, err: err.join('\n') };
  };
  const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  it('create-clinic prints the clinic as one JSON line', async () => {
    const { code, out, err } = await run(
      'create-clinic',
      '--name',
      'Hillside Family Practice',
      '--paper-size',
      'Letter',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const clinic = JSON.parse(out[0]);
    expect(clinic).toMatchObject({ name: 'Hillside Family Practice', paperSize: 'Letter' });
    expect(clinic.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('create-user prints the user without any password material', async () => {
    const clinic = JSON.parse((await run('create-clinic', '--name', 'Clinic A')).out[0]);
    const email = `Lee.${unique()}@Example.org`;
    const { code, out } = await run(
      'create-user',
      '--clinic',
      clinic.id,
      '--email',
      email,
      '--password',
      'a sensible passphrase',
      '--name',
      'Dr Lee',
      '--role',
      'clinician',
    );
    expect(code).toBe(0);
    const user = JSON.parse(out[0]);
    expect(user).toMatchObject({
      email: email.toLowerCase(),
      role: 'clinician',
      clinicId: clinic.id,
    });
    expect(out[0]).not.toMatch(/password|argon/i);

    const again = await run(
      'create-user',
      '--clinic',
      clinic.id,
      '--email',
      email.toUpperCase(),
      '--password',
      'another sensible one',
      '--name',
      'Dr Lee',
      '--role',
      'clinician',
    );
    expect(again.code).toBe(2);
    expect(again.err).toContain('email: a user with this email already exists');
  });

  it.each([
    [['create-clinic'], '--name is required'],
    [['create-clinic', '--name', 'X', '--colour', 'red'], 'unknown option --colour'],
    [
      ['create-clinic', '--name', 'X', '--paper-size', 'A3'],
      'paperSize: must be one of the following values: A4, Letter',
    ],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [[], 'no command given'],
    [
      [
        'create-user',
        '--clinic',
        'not-an-id',
        '--email',
        'a@b.org',
        '--password',
        'long enough words',
        '--name',
        'A',
        '--role',
        'clinician',
      ],
      '--clinic must be a clinic id',
    ],
    [
      [
        'create-user',
        '--clinic',
        '00000000-0000-4000-8000-000000000000',
        '--email',
        'a@b.org',
        '--password',
        'long enough words',
        '--name',
        'A',
        '--role',
        'clinician',
      ],
      'clinic: no clinic with id',
    ],
    [
      [
        'create-user',
        '--clinic',
        '00000000-0000-4000-8000-000000000000',
        '--email',
        'nope',
        '--password',
        'short',
        '--name',
        'A',
        '--role',
        'boss',
      ],
      'email: must be a valid email address',
    ],
    [
      [
        'create-user',
        '--clinic',
        '00000000-0000-4000-8000-000000000000',
        '--email',
        'a@b.org',
        '--password',
        'short',
        '--name',
        'A',
        '--role',
        'editor',
      ],
      'password: must be at least 12 characters',
    ],
  ])('refuses %j on stderr with a non-zero exit', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).not.toBe(0);
    expect(out).toEqual([]);
    expect(err).toContain(message);
  });

  it('migration:run reports nothing pending on a migrated database', async () => {
    const { code, out } = await run('migration:run');
    expect(code).toBe(0);
    expect(JSON.parse(out[0])).toEqual({ applied: [] });
  });
});
