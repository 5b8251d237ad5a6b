import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { InjectDataSource } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Public } from '../../src/common/public.decorator';
import { startTestApp } from '../support/test-app';

/** A value no log line may ever carry, as a patient's name or date of birth would be. */
const SENTINEL = 'Sentinel-Patient-Zq7X';

/** Routes that make PostgreSQL fail with the sentinel in the query's values. */
@Public()
@Controller('test/log-privacy')
class FailingQueriesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The message quotes the value: invalid input syntax for type integer: "Sentinel…". */
  @Get('cast')
  cast() {
    return this.db.query(`SELECT $1::int AS n`, [SENTINEL]);
  }

  /** The detail quotes the value: Key (name)=(Sentinel…) already exists. */
  @Post('duplicate')
  duplicate() {
    return this.db.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE probe (name text UNIQUE) ON COMMIT DROP`);
      await m.query(`INSERT INTO probe VALUES ($1)`, [SENTINEL]);
      await m.query(`INSERT INTO probe VALUES ($1)`, [SENTINEL]);
    });
  }

  /** A check on a real table, with a whole document as a parameter. */
  @Post('too-long')
  tooLong() {
    return this.db.query(`INSERT INTO clinics (name, phone) VALUES ($1, $2)`, [
      `${SENTINEL} `.repeat(50),
      SENTINEL,
    ]);
  }
}

@Module({ controllers: [FailingQueriesController] })
class FailingQueriesModule {}

describe('the log keeps patient data out', () => {
  const lines: string[] = [];
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'info' }, [FailingQueriesModule], { logLines: lines });
  });
  afterAll(() => app.close());

  it('logs a database error by its code, table and constraint, never its values', async () => {
    const server = app.getHttpServer();
    const cast = await request(server).get('/test/log-privacy/cast').expect(500);
    expect(JSON.stringify(cast.body)).not.toContain(SENTINEL);
    await request(server).post('/test/log-privacy/duplicate').expect(500);
    await request(server).post('/test/log-privacy/too-long').expect(500);
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unhandled error');
    expect(errors).toHaveLength(3);
    expect(errors.map((e) => e.err.code)).toEqual(['22P02', '23505', '22001']);
    expect(errors[1].err).toMatchObject({ type: 'QueryFailedError', database: true });
    expect(errors[1].err.constraint).toMatch(/^probe_name_key$/);
    expect(errors[2].err.code).toBe('22001');
    expect(lines.join('\n')).not.toContain(SENTINEL);
  });
});
