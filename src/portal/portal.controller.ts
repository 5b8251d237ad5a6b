import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { originOf } from '../auth/auth.decorators';
import { isCrossSite } from '../auth/csrf';
import { Clock } from '../common/clock';
import { Public } from '../common/public.decorator';
import { isCalendarDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { Variant } from '../rendering/handout-renderer.service';
import { sendEncoded } from '../rendering/encoded-body';
import { sendPdf } from '../rendering/send-pdf';
import { BASE_LANGUAGE, Phrases, phrasesFor } from '../i18n/phrases';
import { PageRenderer } from '../views/page-renderer.service';
import { PortalRateLimiter } from './portal-rate-limiter';
import {
  DobOutcome,
  languageOf,
  LinkState,
  MAX_DOB_ATTEMPTS,
  PortalPage,
  PortalService,
  telOf,
} from './portal.service';

/** One message for a wrong date and for a bad link: neither tells a guesser anything (English). */
export const NOT_OPENED = phrasesFor(BASE_LANGUAGE).t('portal.dob.notOpened');

/**
 * The patient portal: no sign-in. A link /p/<token> is swapped for an HttpOnly cookie scoped to
 * that link, then redirected to /p/s/<link id>, so the token does not linger in history or logs.
 * Every page a known link answers with is in its handout's language; an unknown link's in English.
 */
@ApiExcludeController()
@Public()
@Controller('p')
export class PortalController {
  constructor(
    private readonly portal: PortalService,
    private readonly pages: PageRenderer,
    private readonly limiter: PortalRateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('s/:linkId')
  async page(
    @Param('linkId') linkId: string,
    @Query('text') text: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const state = await this.openLink(linkId, req, res);
    if (!state) return;
    if (!this.portal.hasDobProof(state.link, req.cookies?.[dobCookie(linkId)])) {
      const phrases = phrasesFor(languageOf(state));
      return this.sendPage(res, 200, 'portal/dob', phrases, phrases.t('portal.dob.title'), {
        clinic: clinicInfo(state.clinic),
        linkId,
        error: '',
        value: '',
        tries: MAX_DOB_ATTEMPTS,
      });
    }
    const page = await this.portal.openPage(state.link, variantOf(text), originOf(req));
    sendPortalPage(req, res, 200, page);
  }

  /**
   * Today's check-in, posted by the page's form (no script). Only from our own pages, with the
   * page's token, through a link that still works and whose date of birth was confirmed here.
   * Saved: back to the page (303), which shows it. Refused: the page again with what to correct
   * (400). Whatever refuses it, a form that ticked an emergency sign is answered with the
   * emergency advice first.
   */
  @Post('s/:linkId/check-ins')
  async checkIn(
    @Param('linkId') linkId: string,
    @Query('text') text: string | undefined,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ticked = signsTicked(body);
    const state = await this.openLink(linkId, req, res, 'check-in', ticked);
    if (!state) return;
    const emergency = ticked ? { number: state.link.clinic.emergencyNumber } : null;
    const phrases = phrasesFor(languageOf(state));
    const notSent = (status: number, message: string) =>
      this.sendPage(res, status, 'portal/error', phrases, phrases.t('checkIn.notSent.title'), {
        heading: phrases.t('checkIn.notSent.heading'),
        message: phrases.t(message),
        clinic: clinicInfo(state.clinic),
        emergency,
      });
    if (!this.portal.hasDobProof(state.link, req.cookies?.[dobCookie(linkId)])) {
      if (ticked) return notSent(403, 'checkIn.notSent.confirmDob');
      portalHeaders(res);
      res.redirect(303, `/p/s/${linkId}`);
      return;
    }
    if (isCrossSite(req, this.config.publicUrl, { nullOrigin: 'own' }))
      return notSent(403, 'checkIn.notSent.fromYourPage');
    const variant = variantOf(text);
    const outcome = await this.portal.checkIn(state.link, body ?? {}, variant, originOf(req));
    if (outcome.kind === 'saved') {
      portalHeaders(res);
      res.redirect(303, `/p/s/${linkId}${variant === 'large' ? '?text=large' : ''}#today`);
      return;
    }
    if (outcome.kind === 'closed')
      return this.sendPage(res, 409, 'portal/error', phrases, phrases.t('checkIn.closed.title'), {
        heading: phrases.t('checkIn.closed.heading'),
        message: phrases.t('checkIn.closed.message'),
        clinic: clinicInfo(state.clinic),
        emergency,
      });
    sendPortalPage(req, res, 400, outcome.page);
  }

  @Post('s/:linkId/dob')
  async confirmDob(
    @Param('linkId') linkId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const state = await this.openLink(linkId, req, res);
    if (!state) return;
    const dateOfBirth = String(body.dateOfBirth ?? '');
    const outcome: DobOutcome = isCalendarDate(dateOfBirth)
      ? await this.portal.checkDateOfBirth(state.link, dateOfBirth, originOf(req))
      : { kind: 'wrong' };
    if (outcome.kind === 'ok') {
      res.cookie(
        dobCookie(linkId),
        this.portal.dobProof(state.link),
        this.cookieOptions(linkId, state.link.expiresAt),
      );
      portalHeaders(res);
      res.redirect(303, `/p/s/${linkId}`);
      return;
    }
    await this.limiter.recordFailure(req.ip ?? '');
    if (outcome.kind === 'locked')
      return this.refuse(res, {
        ...state,
        kind: 'locked',
        link: { ...state.link, lockedUntil: outcome.until },
      });
    const phrases = phrasesFor(languageOf(state));
    this.sendPage(res, 401, 'portal/dob', phrases, phrases.t('portal.dob.title'), {
      clinic: clinicInfo(state.clinic),
      linkId,
      error: phrases.t('portal.dob.notOpened'),
      // What they typed stays in the field, to check and correct: it is their own answer.
      value: isCalendarDate(dateOfBirth) ? dateOfBirth : '',
      tries: MAX_DOB_ATTEMPTS,
    });
  }

  @Get('s/:linkId/pdf')
  async pdf(
    @Param('linkId') linkId: string,
    @Query('text') text: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const state = await this.openLink(linkId, req, res);
    if (!state) return;
    if (!this.portal.hasDobProof(state.link, req.cookies?.[dobCookie(linkId)])) {
      res.redirect(303, `/p/s/${linkId}`);
      return;
    }
    const token = req.cookies?.[tokenCookie(linkId)] as string;
    const file = await this.portal.downloadPdf(state.link, token, variantOf(text), originOf(req));
    portalHeaders(res);
    sendPdf(req, res, file);
  }

  /**
   * The link behind a portal address, checked against the cookie, within the rate limit; or
   * null when the answer (429, 404 or 410) has already been sent.
   */
  private async openLink(
    linkId: string,
    req: Request,
    res: Response,
    purpose: 'page' | 'check-in' = 'page',
    /** A check-in ticked an emergency sign: its refusal says what to do first. */
    ticked = false,
  ) {
    // Counting the request and finding the link are independent reads: ask for both at once.
    const [admitted, state] = await Promise.all([
      this.limiter.allowRequest(req.ip ?? ''),
      this.portal.resolveCookie(linkId, req.cookies?.[tokenCookie(linkId)], purpose),
    ]);
    const emergency = ticked
      ? { number: 'link' in state ? state.link.clinic.emergencyNumber : '' }
      : null;
    if (!admitted) {
      this.tooMany(res, emergency, phrasesFor(languageOf(state)));
      return null;
    }
    if (state.kind === 'ok') return state;
    this.refuse(res, state, emergency);
    return null;
  }

  /** A printout's short address: opens the link as its token does (and counts failures alike). */
  @Get('c/:code')
  openByCode(@Param('code') code: string, @Req() req: Request, @Res() res: Response) {
    return this.openWith(code, (c) => this.portal.resolveCode(c), req, res);
  }

  /** The link itself: swap the token for a cookie and move to an address without it. */
  @Get(':token')
  open(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    return this.openWith(token, (t) => this.portal.resolveToken(t), req, res);
  }

  /** A secret that opens a link (token or short code) becomes its cookie; a wrong one is a failed guess. */
  private async openWith(
    secret: string,
    resolve: (secret: string) => Promise<LinkState>,
    req: Request,
    res: Response,
  ): Promise<void> {
    if (!(await this.admit(req, res))) return;
    const state = await resolve(secret);
    if (state.kind === 'unknown') {
      await this.limiter.recordFailure(req.ip ?? '');
      return this.refuse(res, state);
    }
    if (state.kind !== 'ok') return this.refuse(res, state);
    res.cookie(
      tokenCookie(state.link.id),
      secret,
      this.cookieOptions(state.link.id, state.link.expiresAt),
    );
    portalHeaders(res);
    res.redirect(303, `/p/s/${state.link.id}`);
  }

  private async admit(req: Request, res: Response): Promise<boolean> {
    if (await this.limiter.allowRequest(req.ip ?? '')) return true;
    this.tooMany(res);
    return false;
  }

  /** Too many requests from this address: in the link's language when the link is known. */
  private tooMany(
    res: Response,
    emergency: Emergency = null,
    phrases = phrasesFor(BASE_LANGUAGE),
  ): void {
    res.setHeader('Retry-After', '60');
    this.sendPage(
      res,
      HttpStatus.TOO_MANY_REQUESTS,
      'portal/error',
      phrases,
      phrases.t('portal.tooMany.title'),
      {
        heading: phrases.t('portal.tooMany.heading'),
        message: phrases.t('portal.tooMany.message'),
        clinic: null,
        emergency,
      },
    );
  }

  /**
   * Unknown links: 404, no clinic named, in English (nothing says which language). Links that
   * once worked: 410 with the clinic's phone, in their handout's language.
   */
  private refuse(res: Response, state: LinkState, emergency: Emergency = null): void {
    const phrases = phrasesFor(languageOf(state));
    if (state.kind === 'unknown') {
      return this.sendPage(res, 404, 'portal/error', phrases, phrases.t('portal.unknown.title'), {
        heading: phrases.t('portal.unknown.heading'),
        message: phrases.t('portal.unknown.message'),
        clinic: null,
        emergency,
      });
    }
    const message =
      state.kind === 'locked'
        ? phrases.t('portal.unavailable.locked', {
            wait: timeLeft(state.link.lockedUntil, this.clock.now(), phrases),
          })
        : state.kind === 'revoked'
          ? phrases.t('portal.unavailable.revoked')
          : phrases.t('portal.unavailable.expired');
    this.sendPage(res, 410, 'portal/error', phrases, phrases.t('portal.unavailable.title'), {
      heading: phrases.t('portal.unavailable.heading'),
      message,
      clinic: 'clinic' in state ? clinicInfo(state.clinic) : null,
      emergency,
    });
  }

  private sendPage(
    res: Response,
    status: number,
    page: string,
    phrases: Phrases,
    title: string,
    data: object,
  ): void {
    portalHeaders(res);
    res
      .status(status)
      .type('html')
      .send(this.pages.renderPortal(page, title, { ...data, lang: phrases.language }));
  }

  private cookieOptions(linkId: string, expires: Date) {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.isProduction,
      path: `/p/s/${linkId}`,
      expires,
    };
  }
}

/** The emergency advice for a refused check-in, with the clinic's number when it is known. */
type Emergency = { number: string } | null;

/** Whether a posted check-in ticked any emergency sign (whatever else is wrong with it). */
function signsTicked(body: Record<string, unknown> | undefined): boolean {
  const value = body?.emergencySigns;
  return (
    (typeof value === 'string' && value !== '') ||
    (Array.isArray(value) && value.some((v) => typeof v === 'string' && v !== ''))
  );
}

const tokenCookie = (linkId: string) => `pl_${linkId}`;
const dobCookie = (linkId: string) => `pd_${linkId}`;

/** "15 minutes", "2 hours", rounded up so it never promises too soon. */
function timeLeft(until: Date | null, now: Date, phrases: Phrases): string {
  const minutes = Math.max(1, Math.ceil(((until?.getTime() ?? 0) - now.getTime()) / 60_000));
  if (minutes < 90) return phrases.t('portal.unavailable.waitMinutes', { minutes });
  return phrases.t('portal.unavailable.waitHours', { hours: Math.ceil(minutes / 60) });
}

function variantOf(text: string | undefined): Variant {
  return text === 'large' ? 'large' : 'standard';
}

function clinicInfo(clinic: { name: string; phone: string }) {
  return { name: clinic.name, phone: clinic.phone, tel: telOf(clinic.phone) };
}

/** The patient's page, with a policy that allows its one style and, if it has one, its form. */
function sendPortalPage(req: Request, res: Response, status: number, page: PortalPage): void {
  portalHeaders(
    res,
    `default-src 'none'; style-src ${page.styleHash}; img-src data:; base-uri 'none'; form-action ${page.hasForm ? "'self'" : "'none'"}; frame-ancestors 'none'`,
  );
  sendEncoded(req, res.status(status).type('html'), page.body);
}

/** Every portal answer: never cached, never indexed, no referrer, strict policy. */
function portalHeaders(res: Response, csp?: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  if (csp) res.setHeader('Content-Security-Policy', csp);
}
