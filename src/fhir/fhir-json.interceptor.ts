import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  NotAcceptableException,
} from '@nestjs/common';
import { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { formatProblem } from './fhir-format';
import { queryPairs, rawQueryOf } from './fhir-query';
import { FHIR_JSON } from './fhir-resources';

/**
 * Every FHIR answer: refused with 406 unless JSON is acceptable, sent as application/fhir+json,
 * and never stored by a browser or proxy (it carries patient data).
 */
@Injectable()
export class FhirJsonInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const formats = queryPairs(rawQueryOf(req))
      .filter(([name]) => name === '_format')
      .map(([, value]) => value);
    const problem = formatProblem(formats, req.header('accept'));
    if (problem) throw new NotAcceptableException([problem]);
    res.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
    res.setHeader('Cache-Control', 'no-store');
    return next.handle();
  }
}
