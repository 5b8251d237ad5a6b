import { AppConfig } from '../config/app-config';
import { EmailTransport } from './email-transport';
import { OutboxEmailTransport } from './outbox-email.transport';
import { OutboxSmsProvider } from './outbox-sms.provider';
import { OutboxService } from './outbox.service';
import { SmsProvider } from './sms-provider';
import { SmtpEmailTransport } from './smtp-email.transport';
import { TwilioSmsProvider } from './twilio-sms.provider';

/** Every send gives up after this long: a slow provider never holds a clinician's request. */
export const SEND_TIMEOUT_MS = 10_000;

/**
 * The ways this portal can send, picked once from the configuration: SMTP_URL for email,
 * SMS_PROVIDER for text messages; outside production the outbox stands in for either one not
 * set; in production a channel without settings is absent ("not set up").
 */
export class MessageChannels {
  constructor(
    readonly email: EmailTransport | null,
    readonly sms: SmsProvider | null,
    readonly timeoutMs = SEND_TIMEOUT_MS,
  ) {}

  static fromConfig(config: AppConfig, outbox: OutboxService): MessageChannels {
    const email = config.smtpUrl
      ? new SmtpEmailTransport(config.smtpUrl, config.smtpFrom)
      : config.isProduction
        ? null
        : new OutboxEmailTransport(outbox);
    return new MessageChannels(email, smsProviderFor(config, outbox));
  }
}

function smsProviderFor(config: AppConfig, outbox: OutboxService): SmsProvider | null {
  switch (config.smsProvider) {
    case 'twilio':
      // loadConfig requires these three whenever SMS_PROVIDER is set.
      return new TwilioSmsProvider({
        apiUrl: config.smsApiUrl,
        accountSid: config.smsAccountSid!,
        authToken: config.smsAuthToken!,
        from: config.smsFrom!,
      });
    case undefined:
      return config.isProduction ? null : new OutboxSmsProvider(outbox);
  }
}
