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
 * details go to the log. Page routes get the same information as a small HTML page, and
 * /fhir routes as a FHIR OperationOutcome.
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
    if (isFhirRequest(req)) {
      sendOperationOutcome(req, res, body);
      return;
    }
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

/** The full path: inside a middleware mounted on a route, req.path is relative to it. */
function fullPath(req: Request): string {
  return (req.originalUrl ?? req.url).split('?')[0];
}

function isFhirRequest(req: Request): boolean {
  const path = fullPath(req);
  return path === '/fhir' || path.startsWith('/fhir/');
}

/**
 * FHIR clients get every error as an OperationOutcome (application/fhir+json): one issue per
 * message, coded by status; a 500 still says only its request id.
 */
function sendOperationOutcome(req: Request, res: Response, body: ApiErrorBody): void {
  const messages = Array.isArray(body.message) ? body.message : [body.message];
  const outcome = {
    resourceType: 'OperationOutcome',
    issue: messages.map((message) => ({
      severity: 'error',
      code: issueCode(body.statusCode),
      diagnostics: unknownRoute(message, req) ?? message,
    })),
  };
  if (body.statusCode === 401 && !res.getHeader('WWW-Authenticate'))
    res.setHeader('WWW-Authenticate', 'Bearer realm="fhir"');
  res
    .status(body.statusCode)
    .setHeader('Content-Type', 'application/fhir+json; charset=utf-8')
    .setHeader('Cache-Control', 'no-store')
    .json(outcome);
}

/** The router's "Cannot GET /fhir/…?query" without the query, which may carry an MRN. */
function unknownRoute(message: string, req: Request): string | undefined {
  if (!/^Cannot [A-Z]+ /.test(message)) return undefined;
  return `No such FHIR interaction: ${req.method} ${fullPath(req)} (GET /fhir/r4/metadata lists what is served)`;
}

/** FHIR's IssueType for an HTTP status. */
function issueCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'invalid',
    401: 'login',
    403: 'forbidden',
    404: 'not-found',
    405: 'not-supported',
    406: 'not-supported',
    409: 'conflict',
    410: 'deleted',
    413: 'too-costly',
    415: 'not-supported',
    429: 'throttled',
    503: 'transient',
  };
  return codes[status] ?? (status >= 500 ? 'exception' : 'processing');
}

function isPageRequest(req: Request): boolean {
  const path = fullPath(req);
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
