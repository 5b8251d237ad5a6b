import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { EmailTransport } from './email-transport';
import { DeliveryError, EmailMessage, ProviderReceipt } from './message';

/** Each step of an SMTP exchange gives up after this long (the whole send has its own limit). */
export const SMTP_STEP_TIMEOUT_MS = 10_000;

/** Email through the SMTP server at SMTP_URL (`smtp://` or `smtps://`), with nodemailer. */
export class SmtpEmailTransport implements EmailTransport {
  readonly via = 'smtp' as const;
  private transporter: Transporter | undefined;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  async sendEmail(message: EmailMessage, signal: AbortSignal): Promise<ProviderReceipt> {
    this.transporter ??= createTransport(
      {
        url: this.smtpUrl,
        connectionTimeout: SMTP_STEP_TIMEOUT_MS,
        greetingTimeout: SMTP_STEP_TIMEOUT_MS,
        socketTimeout: SMTP_STEP_TIMEOUT_MS,
        dnsTimeout: SMTP_STEP_TIMEOUT_MS,
        // nodemailer's own logging would print addresses: off.
        logger: false,
      },
      { from: this.from },
    );
    try {
      const info = await this.transporter.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        signal,
      });
      return { providerMessageId: typeof info.messageId === 'string' ? info.messageId : null };
    } catch (error) {
      if (signal.aborted) throw error;
      throw new DeliveryError(smtpReason(error));
    }
  }

  close(): void {
    this.transporter?.close();
  }
}

/** "SMTP 550: 5.1.1 mailbox unavailable", or the failure's code ("SMTP ECONNECTION: …"). */
function smtpReason(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.responseCode) return `SMTP ${e.responseCode}: ${e.response ?? e.message ?? ''}`.trim();
  return `SMTP ${e.code ?? 'error'}: ${e.message ?? String(error)}`;
}
