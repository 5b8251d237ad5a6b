import { Body, Controller, Get, Module, Post, Req } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Request } from 'express';
import request from 'supertest';
import { Public } from '../../src/common/public.decorator';
import { startTestApp } from '../support/test-app';

class EchoDto {
  @IsString()
  title: string;

  @IsInt()
  @Min(5)
  @Max(20)
  minutes: number;
}

@Public()
@Controller('api/test')
class ProbeController {
  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://secret@db leaked');
  }

  @Post('echo')
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('whoami')
  whoami(@Req() req: Request): { ip: string | undefined } {
    return { ip: req.ip };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP basics: errors, health, headers, OpenAPI', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startTestApp({}, [ProbeModule]);
  });
  afterAll(() => app.close());

  const expectErrorShape = (body: Record<string, unknown>, status: number, error: string) => {
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'requestId', 'statusCode']);
    expect(body).toMatchObject({ statusCode: status, error });
    expect(typeof body.requestId).toBe('string');
  };

  it('answers GET /health with the database status', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('gives every response a request id, keeping a well-formed incoming one', async () => {
    const fresh = await request(app.getHttpServer()).get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(app.getHttpServer())
      .get('/health')
      .set('X-Request-Id', 'abc12345-from-proxy');
    expect(kept.headers['x-request-id']).toBe('abc12345-from-proxy');
    const replaced = await request(app.getHttpServer())
      .get('/health')
      .set('X-Request-Id', '<script>');
    expect(replaced.headers['x-request-id']).not.toBe('<script>');
  });

  it('answers malformed JSON with a 400 in the error shape', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/test/echo')
      .set('Content-Type', 'application/json')
      .send('{"title": "x",')
      .expect(400);
    expectErrorShape(res.body, 400, 'Bad Request');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers an unknown /api route with a JSON 404', async () => {
    const res = await request(app.getHttpServer()).get('/api/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expectErrorShape(res.body, 404, 'Not Found');
  });

  it('hides an unexpected error behind the request id', async () => {
    const res = await request(app.getHttpServer()).get('/api/test/boom').expect(500);
    expectErrorShape(res.body, 500, 'Internal Server Error');
    expect(res.body.message).toContain(res.body.requestId);
    expect(JSON.stringify(res.body)).not.toMatch(/secret|postgres|stack|Error:/);
  });

  it('validates bodies: names the field, refuses unknown fields, converts types', async () => {
    const server = app.getHttpServer();
    const outOfRange = await request(server)
      .post('/api/test/echo')
      .send({ title: 'x', minutes: 90 })
      .expect(400);
    expectErrorShape(outOfRange.body, 400, 'Bad Request');
    expect(outOfRange.body.message).toEqual(['minutes: must not be greater than 20']);

    const unknown = await request(server)
      .post('/api/test/echo')
      .send({ title: 'x', minutes: 10, admin: true })
      .expect(400);
    expect(unknown.body.message).toEqual(['admin: should not exist']);

    const ok = await request(server)
      .post('/api/test/echo')
      .send({ title: 'x', minutes: 10 })
      .expect(201);
    expect(ok.body).toEqual({ title: 'x', minutes: 10 });
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const res = await request(app.getHttpServer()).get('/health');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Framing refused the same way by the old header and the CSP.
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['permissions-policy']).toContain('camera=()');
    expect(res.headers['permissions-policy']).toContain('geolocation=()');
  });

  it('sends pages and assets compressed to clients that accept it', async () => {
    for (const path of ['/login', '/assets/builder.js', '/assets/app.css']) {
      const res = await request(app.getHttpServer())
        .get(path)
        .set('Accept-Encoding', 'gzip, deflate, br')
        .expect(200);
      expect({ path, encoding: res.headers['content-encoding'] }).toEqual({
        path,
        encoding: expect.stringMatching(/^(br|gzip)$/),
      });
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    }
    const plain = await request(app.getHttpServer())
      .get('/login')
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('tells anonymous callers of /health nothing about this machine', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(JSON.stringify(res.body)).not.toMatch(/chrom|\/usr\//i);
    expect(Object.keys(res.body.renderer).sort()).toEqual(['queued', 'renders', 'status']);
  });

  it('marks every API answer no-store, patient data or not', async () => {
    const res = await request(app.getHttpServer()).get('/api/auth/me').expect(401);
    expect(res.headers['cache-control']).toBe('no-store');
    const echo = await request(app.getHttpServer())
      .post('/api/test/echo')
      .send({ title: 'x', minutes: 10 });
    expect(echo.headers['cache-control']).toBe('no-store');
  });

  it('in production: the API description for signed-in staff only, and sign-in refused loudly where its cookie could not be set', async () => {
    const production = await startTestApp({ NODE_ENV: 'production', DEMO_DATA: 'false' });
    try {
      const server = production.getHttpServer();
      await request(server).get('/api/docs-json').expect(401);
      await request(server).get('/api/docs').expect(401);
      // Plain HTTP as the server sees it: the Secure cookie would never reach the browser.
      const plain = await request(server)
        .post('/api/auth/login')
        .send({ email: 'nobody@example.org', password: 'irrelevant here' })
        .expect(503);
      expect(plain.body.message).toMatch(/needs HTTPS.*TRUST_PROXY/);
    } finally {
      await production.close();
    }
  });

  it('believes forwarded headers only from the proxies TRUST_PROXY names', async () => {
    const loopbackOnly = await request(app.getHttpServer())
      .get('/api/test/whoami')
      .set('X-Forwarded-For', '203.0.113.7');
    expect(loopbackOnly.body.ip).toBe('203.0.113.7');
    const none = await startTestApp({ TRUST_PROXY: 'false' }, [ProbeModule]);
    try {
      const direct = await request(none.getHttpServer())
        .get('/api/test/whoami')
        .set('X-Forwarded-For', '203.0.113.7');
      expect(direct.body.ip).not.toBe('203.0.113.7');
    } finally {
      await none.close();
    }
  });

  it('publishes the OpenAPI document and its UI', async () => {
    const json = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain('/health');
    const ui = await request(app.getHttpServer()).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
