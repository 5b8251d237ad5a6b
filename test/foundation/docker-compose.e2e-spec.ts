import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/config/paths';

/** No Docker engine runs in CI, so the deployment file is checked by reading it. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'));
  const { postgres, app } = compose.services;

  it('runs PostgreSQL with a volume and a health check', () => {
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.volumes.some((v: string) => v.endsWith(':/var/lib/postgresql/data'))).toBe(
      true,
    );
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(Object.keys(compose.volumes)).toContain(postgres.volumes[0].split(':')[0]);
  });

  it('builds the app with Chromium and fonts, waits for a healthy database, and wires DATABASE_URL', () => {
    const dockerfile: string = app.build.dockerfile_inline;
    expect(dockerfile).toMatch(/apt-get install[^\n]*chromium/);
    expect(dockerfile).toMatch(/fonts-/);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium');
    expect(app.depends_on.postgres.condition).toBe('service_healthy');
    expect(app.environment.NODE_ENV).toBe('production');
    const owner = postgres.environment.POSTGRES_USER;
    const db = postgres.environment.POSTGRES_DB;
    expect(app.environment.DATABASE_OWNER_URL).toMatch(
      new RegExp(`^postgres://${owner}:.+@postgres:5432/${db}$`),
    );
    expect(app.environment.DATABASE_URL).toMatch(
      new RegExp(`^postgres://portal_app:.+@postgres:5432/${db}$`),
    );
    // The serving role is made on the database's first start, with no powers over the schema.
    const init = compose.configs[postgres.configs[0].source].content as string;
    expect(postgres.configs[0].target).toMatch(/^\/docker-entrypoint-initdb\.d\/.+\.sh$/);
    expect(init).toMatch(/CREATE ROLE portal_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE/);
    // No default passwords: compose refuses to start without them.
    expect(postgres.environment.POSTGRES_PASSWORD).toMatch(/:\?/);
    expect(postgres.environment.APP_DB_PASSWORD).toMatch(/:\?/);
    expect(app.environment.SESSION_SECRET).toBeDefined();
    expect(app.environment.PUBLIC_URL).toBeDefined();
    expect(app.ports[0]).toBe('${PORTAL_BIND:-127.0.0.1}:3000:3000');
    // Behind the HTTPS proxy on Docker's network, the proxy's forwarded headers are believed.
    expect(app.environment.TRUST_PROXY).toBe('${TRUST_PROXY:-uniquelocal}');
  });
});
