import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { ClinicsService } from '../clinics/clinics.service';
import { CreateClinicDto } from '../clinics/dto/create-clinic.dto';
import { validateDto } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/database-options';
import { DatabaseUrls, prepareDatabase } from '../database/database-roles';
import { generateMigration } from '../database/migration-generator';
import { LibraryImporter } from '../library/library-importer';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { UsersService } from '../users/users.service';
import { User } from '../users/user.entity';
import { PasswordChangeService } from '../auth/password-change.service';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Raised for a bad command line; printed on stderr with the usage. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run cli -- <command> [options]

  create-clinic --name "Riverside Physiotherapy" [--phone …] [--address …] [--website …] [--paper-size A4|Letter]
  create-user --clinic <clinicId> --email <email> --password <password> --name "<name>" --role clinician|editor|admin
  reset-password --email <email> [--clinic <clinicId>]
                              print a one-time link (24 hours) to set a new password
  import-library              bring the shared block library up to date with src/library/starter
  migration:run               apply pending migrations
  migration:revert            undo the last migration
  migration:generate <Name>   write migrations/<timestamp>-<Name>.ts from the entities`;

type Handler = (
  args: ParsedArgs,
  urls: DatabaseUrls,
  config: AppConfig,
  io: CliIo,
) => Promise<void>;

const COMMANDS: Record<string, Handler> = {
  'create-clinic': async (args, { url }, config, io) => {
    const dto = validateDto(CreateClinicDto, {
      name: args.required('name'),
      phone: args.optional('phone'),
      address: args.optional('address'),
      website: args.optional('website'),
      paperSize: args.optional('paper-size'),
    });
    args.assertNoOthers();
    await withApp(config, url, async (app) => {
      const clinic = await app.get(ClinicsService).createClinic(dto);
      const { logo: _logo, ...record } = clinic;
      io.out(JSON.stringify(record));
    });
  },
  'create-user': async (args, { url }, config, io) => {
    const clinicId = args.required('clinic');
    const dto = validateDto(CreateUserDto, {
      email: args.required('email'),
      password: args.required('password'),
      name: args.required('name'),
      role: args.required('role'),
    });
    args.assertNoOthers();
    if (!/^[0-9a-f-]{36}$/i.test(clinicId))
      throw new UsageError(`--clinic must be a clinic id (got "${clinicId}")`);
    await withApp(config, url, async (app) => {
      io.out(JSON.stringify(await app.get(UsersService).createUser(clinicId, dto)));
    });
  },
  'reset-password': async (args, { url }, config, io) => {
    const email = args.required('email').trim().toLowerCase();
    const clinicId = args.optional('clinic');
    args.assertNoOthers();
    await withApp(config, url, async (app) => {
      const users = app.get(DataSource).getRepository(User);
      const found = await users.find({ where: { email, ...(clinicId ? { clinicId } : {}) } });
      if (found.length === 0) throw new UsageError(`no user has the email ${email}`);
      if (found.length > 1)
        throw new UsageError(
          `${email} has accounts at ${found.length} clinics: add --clinic with one of ${found.map((u) => u.clinicId).join(', ')}`,
        );
      const [user] = found;
      io.out(
        JSON.stringify(
          await app.get(PasswordChangeService).issueReset(user.clinicId, user.id, null),
        ),
      );
    });
  },
  'import-library': async (args, urls, _config, io) => {
    args.assertNoOthers();
    await prepareDatabase(urls, { migrate: true });
    await withDataSource(urls.url, async (ds) => {
      io.out(JSON.stringify(await new LibraryImporter(ds).importStarterLibrary()));
    });
  },
  'migration:run': async (args, urls, _config, io) => {
    args.assertNoOthers();
    io.out(JSON.stringify({ applied: await prepareDatabase(urls, { migrate: true }) }));
  },
  'migration:revert': async (args, urls, _config, io) => {
    args.assertNoOthers();
    await withDataSource(urls.ownerUrl ?? urls.url, async (ds) => {
      const before = await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
      await ds.undoLastMigration({ transaction: 'each' });
      io.out(JSON.stringify({ reverted: before[0]?.name ?? null }));
    });
  },
  'migration:generate': async (args, urls, _config, io) => {
    const name = args.positional(0, 'migration name');
    args.assertNoOthers();
    await withDataSource(urls.ownerUrl ?? urls.url, async (ds) => {
      const file = await generateMigration(ds, name);
      io.out(
        JSON.stringify({
          written: file ?? null,
          message: file ? undefined : 'schema already matches',
        }),
      );
    });
  },
};

/** Runs one command; returns the process exit code. `connect` yields the database's addresses. */
export async function runCli(
  argv: string[],
  config: AppConfig,
  connect: () => Promise<DatabaseUrls>,
  io: CliIo,
): Promise<number> {
  const [command, ...rest] = argv;
  const handler = command ? COMMANDS[command] : undefined;
  try {
    if (!handler) {
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
    const args = new ParsedArgs(rest);
    await handler(args, await connect(), config, io);
    return 0;
  } catch (error) {
    io.err(describe(error));
    if (error instanceof UsageError) io.err(USAGE);
    return error instanceof UsageError || error instanceof HttpException ? 2 : 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof HttpException) {
    const body = error.getResponse() as { message?: string | string[] } | string;
    const message = typeof body === 'string' ? body : body.message;
    return `Error: ${Array.isArray(message) ? message.join('; ') : message}`;
  }
  return `Error: ${(error as Error)?.message ?? String(error)}`;
}

async function withApp(
  config: AppConfig,
  url: string,
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<void>,
): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), {
    logger: false,
  });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

async function withDataSource(url: string, work: (ds: DataSource) => Promise<void>): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    await work(ds);
  } finally {
    await ds.destroy();
  }
}

/** `--key value` pairs and positionals; every flag must be used by the command. */
export class ParsedArgs {
  private readonly flags = new Map<string, string>();
  private readonly positionals: string[] = [];
  private readonly used = new Set<string>();

  constructor(argv: string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg.startsWith('--')) {
        const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
        const value = inline ?? argv[++i];
        if (value === undefined || (inline === undefined && value.startsWith('--'))) {
          throw new UsageError(`--${key} needs a value`);
        }
        this.flags.set(key, value);
      } else {
        this.positionals.push(arg);
      }
    }
  }

  required(key: string): string {
    const value = this.optional(key);
    if (value === undefined) throw new UsageError(`--${key} is required`);
    return value;
  }

  optional(key: string): string | undefined {
    this.used.add(key);
    return this.flags.get(key);
  }

  positional(index: number, what: string): string {
    const value = this.positionals[index];
    if (value === undefined) throw new UsageError(`the ${what} is required`);
    this.used.add(`#${index}`);
    return value;
  }

  assertNoOthers(): void {
    const unknown = [...this.flags.keys()].filter((key) => !this.used.has(key));
    if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}`);
    const extra = this.positionals.filter((_, i) => !this.used.has(`#${i}`));
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  }
}
