import { maskPhone } from './addresses';
import { ProviderReceipt, TextMessage } from './message';
import { OutboxService } from './outbox.service';
import { SmsProvider } from './sms-provider';

/** Outside production without SMS_PROVIDER: the text message is kept in the outbox, not sent. */
export class OutboxSmsProvider implements SmsProvider {
  readonly via = 'outbox' as const;

  constructor(private readonly outbox: OutboxService) {}

  async sendText(message: TextMessage): Promise<ProviderReceipt> {
    const id = await this.outbox.keep(message.clinicId, {
      channel: 'sms',
      recipient: maskPhone(message.to),
      subject: null,
      text: message.body,
    });
    return { providerMessageId: `outbox:${id}` };
  }
}
