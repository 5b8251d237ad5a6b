import compression from 'compression';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import { BearerAuthentication } from './api-keys/bearer-authentication';
import { AppModule } from './app.module';
import { configureSessions } from './auth/session.setup';
import { PROJECT_ROOT } from './config/paths';
import { PageRenderer } from './views/page-renderer.service';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { NestPinoLogger } from './logging/nest-logger';
import { requestLogging } from './logging/request-logging.middleware';

type ModuleImport = Type<unknown> | DynamicModule;

/** Builds the fully configured application; used by main.ts and by the e2e tests alike
 * (which may add a module of their own, e.g. a route that throws). */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  extraImports: ModuleImport[] = [],
): Promise<NestExpressApplication> {
  const root = AppModule.forRoot(config, databaseUrl);
  root.imports = [...(root.imports ?? []), ...extraImports];
  const app = await NestFactory.create<NestExpressApplication>(root, {
    logger: new NestPinoLogger(),
    bufferLogs: false,
  });
  app.disable('x-powered-by');
  // No automatic body hashing: the PDF routes set their own strong ETags.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogging);
  app.use(securityHeaders());
  // Pages, scripts, styles and JSON travel compressed (phones on slow networks are the
  // audience). Bodies that are already encoded (the portal's cached pages) and PDFs pass as is.
  app.use(compression({ threshold: 1024 }));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  });
  app.use('/api', noStore);
  app.useStaticAssets(join(PROJECT_ROOT, 'src', 'web', 'public'), {
    prefix: '/assets/',
    maxAge: config.isProduction ? '1h' : 0,
    index: false,
  });
  // A call with an API key is known before sessions, which it then skips.
  app.use(app.get(BearerAuthentication).middleware);
  configureSessions(app, config);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.get(PageRenderer)));
  if (config.isProduction) app.use(['/api/docs', '/api/docs-json'], staffOnly);
  setUpOpenApi(app);
  return app;
}

/** API answers carry patient data: never stored by a browser or proxy unless a route says otherwise. */
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** In production the API's description is for signed-in staff only. */
function staffOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'Sign in first.' });
}

/** Powerful browser features no page of ours uses, switched off for every page. */
const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'display-capture=()',
  'browsing-topics=()',
].join(', ');

/** A strict CSP: our own scripts, styles and images only, no inline script, no framing. */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    // The same as frame-ancestors 'none', for browsers that only read this header.
    frameguard: { action: 'deny' },
  });
}

function setUpOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clinic handouts API')
      .setDescription(
        'Everything the web pages do, as JSON. Sign in with POST /api/auth/login; send the ' +
          'returned csrfToken as X-CSRF-Token on every POST, PUT, PATCH and DELETE. Another ' +
          'system sends an API key instead, as Authorization: Bearer <key>, with no CSRF token; ' +
          'a key reaches the routes its scopes open.',
      )
      .setVersion('1')
      .addCookieAuth('portal.sid')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key (chk_…)',
        description: 'An API key from the clinic settings: Authorization: Bearer <key>',
      })
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('cookie')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
