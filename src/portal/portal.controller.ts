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
import { PageRenderer } from '../views/page-renderer.service';
import { PortalRateLimiter } from './portal-rate-limiter';
import {
  DobOutcome,
  LinkState,
  MAX_DOB_ATTEMPTS,
  PortalPage,
  PortalService,
  telOf,
} from './portal.service';

/** One message for a wrong date and for a bad link: neither tells a guesser anything. */
export const NOT_OPENED =
  'We could not open the handout with these details. Check the date of birth, or ask your clinic for a new link.';

/**
 * The patient portal: no sign-in. A link /p/<token> is swapped for an HttpOnly cookie scoped to
 * that link, then redirected to /p/s/<link id>, so the token does not linger in history or logs.
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
      return this.sendPage(res, 200, 'portal/dob', 'Confirm your date of birth', {
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
    const notSent = (status: number, message: string) =>
      this.sendPage(res, status, 'portal/error', 'Not sent', {
        heading: 'Your check-in was not sent',
        message,
        clinic: clinicInfo(state.clinic),
        emergency,
      });
    if (!this.portal.hasDobProof(state.link, req.cookies?.[dobCookie(linkId)])) {
      if (ticked)
        return notSent(403, 'Open your handout again and confirm your date of birth first.');
      portalHeaders(res);
      res.redirect(303, `/p/s/${linkId}`);
      return;
    }
    if (isCrossSite(req, this.config.publicUrl, { nullOrigin: 'own' }))
      return notSent(403, 'Open your handout from your link, and send the form from that page.');
    const variant = variantOf(text);
    const outcome = await this.portal.checkIn(state.link, body ?? {}, variant, originOf(req));
    if (outcome.kind === 'saved') {
      portalHeaders(res);
      res.redirect(303, `/p/s/${linkId}${variant === 'large' ? '?text=large' : ''}#today`);
      return;
    }
    if (outcome.kind === 'closed')
      return this.sendPage(res, 409, 'portal/error', 'No check-in today', {
        heading: 'There is no check-in for today',
        message:
          'Your plan has not started yet, or it has ended. Open your handout again to see what to do.',
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
    this.sendPage(res, 401, 'portal/dob', 'Confirm your date of birth', {
      clinic: clinicInfo(state.clinic),
      linkId,
      error: NOT_OPENED,
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
      this.tooMany(res, emergency);
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

  private tooMany(res: Response, emergency: Emergency = null): void {
    res.setHeader('Retry-After', '60');
    this.sendPage(res, HttpStatus.TOO_MANY_REQUESTS, 'portal/error', 'Please wait', {
      heading: 'Please wait a moment',
      message:
        'There have been too many tries from this connection. Wait a few minutes and try again.',
      clinic: null,
      emergency,
    });
  }

  /** Unknown links: 404, no clinic named. Links that once worked: 410 with the clinic's phone. */
  private refuse(res: Response, state: LinkState, emergency: Emergency = null): void {
    if (state.kind === 'unknown') {
      return this.sendPage(res, 404, 'portal/error', 'Link not found', {
        heading: 'This link does not work',
        message: 'It may be mistyped, or it may have ended.',
        clinic: null,
        emergency,
      });
    }
    const message =
      state.kind === 'locked'
        ? `This link is paused for ${minutesLeft(state.link.lockedUntil, this.clock.now())} after several tries. Try again later.`
        : state.kind === 'revoked'
          ? 'This link has been switched off by your clinic.'
          : 'This link has expired.';
    this.sendPage(res, 410, 'portal/error', 'Link not available', {
      heading: 'This link is not available',
      message,
      clinic: 'clinic' in state ? clinicInfo(state.clinic) : null,
      emergency,
    });
  }

  private sendPage(res: Response, status: number, page: string, title: string, data: object): void {
    portalHeaders(res);
    res
      .status(status)
      .type('html')
      .send(this.pages.renderPortal(page, title, data));
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
function minutesLeft(until: Date | null, now: Date): string {
  const minutes = Math.max(1, Math.ceil(((until?.getTime() ?? 0) - now.getTime()) / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hours`;
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
