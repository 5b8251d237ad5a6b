import { Channel } from './addresses';

/** An email as the caller wrote it: the portal composes, messaging only sends. */
export interface EmailMessage {
  clinicId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A text message (SMS) to a number in E.164. */
export interface TextMessage {
  clinicId: string;
  to: string;
  body: string;
}

/** What sent the message: a real service, or the development outbox. */
export type Via = 'smtp' | 'twilio' | 'outbox';

/** What a provider said when it took the message. */
export interface ProviderReceipt {
  providerMessageId: string | null;
}

/** One channel's outcome. `reason` is the provider's, with addresses taken out. */
export interface SendOutcome {
  channel: Channel;
  via: Via;
  status: 'sent' | 'failed';
  reason: string | null;
  providerMessageId: string | null;
  /** The recipient, masked. */
  to: string;
}

/**
 * A refusal a provider gave (an HTTP status and its message, an SMTP reply): kept as the
 * delivery's reason. Anything else thrown while sending reads as "could not reach".
 */
export class DeliveryError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DeliveryError';
  }
}
