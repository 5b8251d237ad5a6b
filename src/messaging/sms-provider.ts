import { ProviderReceipt, TextMessage, Via } from './message';

/**
 * A text-message provider. One adapter per provider, picked by SMS_PROVIDER; the outbox stands
 * in outside production when none is set.
 */
export interface SmsProvider {
  readonly via: Via;
  /** `signal` ends the request when the send times out. */
  sendText(message: TextMessage, signal: AbortSignal): Promise<ProviderReceipt>;
}
