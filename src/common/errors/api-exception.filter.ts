import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { Request, Response } from 'express';
import { SessionUser } from '../../auth/session-user';
import { loggerFor } from '../../logging/logger';
import { ErrorPage } from '../../views/page-renderer.service';

/** Renders an error as a page, for browser routes outside /api. */
export type ErrorPageRenderer = {
  renderError(error: ErrorPage, user: SessionUser | null): string;
  renderPortal(page: string, title: string, data: object): string;
};

/** What a patient reads when a portal address fails: plain words, nothing of the staff side. */
function patientError(status: number): { heading: string; message: string } {
  if (status === 404)
    return {
      heading: 'This page does not work',
      message: 'The address may be mistyped. Open the link your clinic gave you again.',
    };
  if (status >= 500)
    return {
      heading: 'Something went wrong on our side',
      message: 'Please try again in a few minutes.',
    };
  return {
    heading: 'We could not do that',
    message: 'Go back and try again, or open the link your clinic gave you again.',
  };
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId: string;
}

/**
 * The one place errors are shaped. Every error becomes
 * `{ statusCode, error, message, requestId }`; a 500 shows only the request id and the
 * details go to the log. Page routes get the same information as a small HTML page.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = loggerFor(ApiExceptionFilter.name);

  constructor(private readonly pages?: ErrorPageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception, req.id ?? 'unknown');

    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'unhandled error');
    }
    if (res.headersSent) return;

    const extraHeaders =
      exception instanceof HttpException
        ? headersOf(exception)
        : body.statusCode === 503
          ? { 'Retry-After': '5' }
          : {};
    for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
    if (this.pages && isPageRequest(req)) {
      this.sendPage(req, res, body);
      return;
    }
    res.status(body.statusCode).json(body);
  }

  /** Browsers get a page: sign-in for a 401 on a GET, otherwise a plain error page. */
  private sendPage(req: Request, res: Response, body: ApiErrorBody): void {
    if (body.statusCode === 401 && req.method === 'GET') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if ((req.originalUrl ?? req.url).startsWith('/p/')) {
      // The patient's side: a patient page, not a staff page with a request id and sign-in.
      const { heading, message } = patientError(body.statusCode);
      res
        .status(body.statusCode)
        .type('html')
        .setHeader('Cache-Control', 'no-store')
        .setHeader('Referrer-Policy', 'no-referrer')
        .send(
          this.pages!.renderPortal('portal/error', heading, { heading, message, clinic: null }),
        );
      return;
    }
    const message = Array.isArray(body.message) ? body.message.join(' ') : body.message;
    const html = this.pages!.renderError(
      { status: body.statusCode, title: body.error, message, requestId: body.requestId },
      (req.user as SessionUser | undefined) ?? null,
    );
    res.status(body.statusCode).type('html').setHeader('Cache-Control', 'no-store').send(html);
  }

  toBody(exception: unknown, requestId: string): ApiErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      // A 503 we raise on purpose says what to do; any other 5xx shows only the request id.
      if (statusCode >= 500 && statusCode !== 503) return serverError(statusCode, requestId);
      return { statusCode, error: reason(statusCode), message, requestId };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        error: reason(503),
        message: 'The database is not answering right now. Try again in a moment.',
        requestId,
      };
    }
    const status = bodyParserStatus(exception);
    if (status) {
      return {
        statusCode: status,
        error: reason(status),
        message: status === 413 ? 'Request body is too large' : 'Request body is not valid JSON',
        requestId,
      };
    }
    return serverError(HttpStatus.INTERNAL_SERVER_ERROR, requestId);
  }
}

/** Connection failures and server shutdowns: the database is away, not broken by this request. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  if (
    code &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      '57P01',
      '57P02',
      '57P03',
      '08000',
      '08001',
      '08003',
      '08006',
    ].includes(code)
  ) {
    return true;
  }
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    e?.message ?? '',
  );
}

function isPageRequest(req: Request): boolean {
  // The full path: inside a middleware mounted on a route, req.path is relative to it.
  const path = (req.originalUrl ?? req.url).split('?')[0];
  return (
    !path.startsWith('/api/') &&
    path !== '/api' &&
    path !== '/health' &&
    !path.startsWith('/assets/')
  );
}

function serverError(statusCode: number, requestId: string): ApiErrorBody {
  return {
    statusCode,
    error: reason(statusCode),
    message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
    requestId,
  };
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** body-parser errors carry an HTTP status and a type such as 'entity.parse.failed'. */
function bodyParserStatus(error: unknown): number | undefined {
  const e = error as { type?: string; status?: number };
  if (typeof e?.type === 'string' && e.type.startsWith('entity.') && typeof e.status === 'number') {
    return e.status >= 400 && e.status < 500 ? e.status : undefined;
  }
  return undefined;
}

/** Exceptions may ask for response headers (Retry-After on 429 and 503). */
function headersOf(exception: HttpException): Record<string, string> {
  const response = exception.getResponse() as { headers?: Record<string, string> };
  return typeof response === 'object' && response?.headers ? response.headers : {};
}
