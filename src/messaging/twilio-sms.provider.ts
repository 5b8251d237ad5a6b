import { DeliveryError, ProviderReceipt, TextMessage } from './message';
import { SmsProvider } from './sms-provider';

export interface TwilioSettings {
  /** https://api.twilio.com, or a stand-in's address in tests. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or sender id. */
  from: string;
}

/**
 * Twilio's Messages API: POST {apiUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json with the
 * form fields To, From and Body, HTTP basic auth AccountSid:AuthToken. 201 answers the message's
 * `sid`; a refusal answers `{ code, message, more_info, status }`.
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly via = 'twilio' as const;

  constructor(private readonly settings: TwilioSettings) {}

  async sendText(message: TextMessage, signal: AbortSignal): Promise<ProviderReceipt> {
    const { apiUrl, accountSid, authToken, from } = this.settings;
    const url = `${apiUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({ To: message.to, From: from, Body: message.body }).toString(),
      signal,
      redirect: 'error',
    });
    const answer = (await res.json().catch(() => null)) as {
      sid?: unknown;
      code?: unknown;
      message?: unknown;
    } | null;
    if (!res.ok) {
      const said = typeof answer?.message === 'string' ? answer.message : res.statusText;
      const code = typeof answer?.code === 'number' ? ` (Twilio error ${answer.code})` : '';
      throw new DeliveryError(`HTTP ${res.status}: ${said}${code}`);
    }
    return { providerMessageId: typeof answer?.sid === 'string' ? answer.sid : null };
  }
}
