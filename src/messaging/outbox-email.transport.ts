import { maskEmail } from './addresses';
import { EmailTransport } from './email-transport';
import { EmailMessage, ProviderReceipt } from './message';
import { OutboxService } from './outbox.service';

/** Outside production without SMTP_URL: the email is kept in the outbox, not sent. */
export class OutboxEmailTransport implements EmailTransport {
  readonly via = 'outbox' as const;

  constructor(private readonly outbox: OutboxService) {}

  async sendEmail(message: EmailMessage): Promise<ProviderReceipt> {
    const id = await this.outbox.keep(message.clinicId, {
      channel: 'email',
      recipient: maskEmail(message.to),
      subject: message.subject,
      text: message.text,
    });
    return { providerMessageId: `outbox:${id}` };
  }
}
