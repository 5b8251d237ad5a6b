import { EmailMessage, ProviderReceipt, Via } from './message';

/** Sends an email: SMTP in a real setup, the outbox in development and tests without one. */
export interface EmailTransport {
  readonly via: Via;
  /** `signal` ends the exchange when the send times out. */
  sendEmail(message: EmailMessage, signal: AbortSignal): Promise<ProviderReceipt>;
  close?(): void;
}
