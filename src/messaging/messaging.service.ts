import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { loggerFor } from '../logging/logger';
import { Channel, maskEmail, maskPhone, scrubReason } from './addresses';
import { MessageChannels } from './message-channels';
import {
  DeliveryError,
  EmailMessage,
  ProviderReceipt,
  SendOutcome,
  TextMessage,
  Via,
} from './message';

export interface ChannelStatus {
  /** Whether this portal can send on the channel (for real, or into the outbox). */
  available: boolean;
  via: Via | null;
}

export type ChannelsView = Record<Channel, ChannelStatus>;

/**
 * Sends what it is given (an address, a subject, a text) by email or text message, and says
 * how it went. Knows no patients, handouts or links. Never throws for a failed send: the
 * outcome says "failed" with the provider's reason (addresses taken out). Logs carry the
 * channel and outcome only, never an address or a message.
 */
@Injectable()
export class MessagingService implements OnModuleDestroy {
  private readonly logger = loggerFor(MessagingService.name);

  constructor(private readonly channels: MessageChannels) {}

  /** Which channels can send here, and how (for the builder and GET /api/messaging/channels). */
  availability(): ChannelsView {
    const { email, sms } = this.channels;
    return {
      email: { available: email !== null, via: email?.via ?? null },
      sms: { available: sms !== null, via: sms?.via ?? null },
    };
  }

  isSetUp(channel: Channel): boolean {
    return this.channels[channel] !== null;
  }

  sendEmail(message: EmailMessage): Promise<SendOutcome> {
    const transport = this.channels.email;
    return this.attempt('email', transport?.via ?? null, message.to, maskEmail(message.to), (s) =>
      transport!.sendEmail(message, s),
    );
  }

  sendText(message: TextMessage): Promise<SendOutcome> {
    const provider = this.channels.sms;
    return this.attempt('sms', provider?.via ?? null, message.to, maskPhone(message.to), (s) =>
      provider!.sendText(message, s),
    );
  }

  onModuleDestroy(): void {
    this.channels.email?.close?.();
  }

  private async attempt(
    channel: Channel,
    via: Via | null,
    to: string,
    masked: string,
    send: (signal: AbortSignal) => Promise<ProviderReceipt>,
  ): Promise<SendOutcome> {
    const outcome = (status: 'sent' | 'failed', reason: string | null, id: string | null) => ({
      channel,
      via: via ?? 'outbox',
      status,
      reason: reason === null ? null : scrubReason(reason, to),
      providerMessageId: id,
      to: masked,
    });
    if (via === null) return outcome('failed', 'not set up on this portal', null);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`no answer within ${this.channels.timeoutMs / 1000} s`);
        error.name = 'SendTimeout';
        controller.abort(error);
        reject(error);
      }, this.channels.timeoutMs);
    });
    try {
      const receipt = await Promise.race([send(controller.signal), timedOut]);
      this.logger.info({ channel, via, outcome: 'sent' }, 'message sent');
      return outcome('sent', null, receipt.providerMessageId);
    } catch (error) {
      const reason = reasonOf(error, controller.signal);
      this.logger.warn(
        { channel, via, outcome: 'failed', kind: kindOf(error, controller.signal) },
        'message not sent',
      );
      return outcome('failed', reason, null);
    } finally {
      clearTimeout(timer);
    }
  }
}

function reasonOf(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return (signal.reason as Error).message;
  if (error instanceof DeliveryError) return error.message;
  // fetch's "fetch failed" says little; its cause names the network error (ECONNREFUSED …).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return `could not reach the provider (${detail})`;
}

function kindOf(error: unknown, signal: AbortSignal): 'timeout' | 'refused' | 'unreachable' {
  if (signal.aborted) return 'timeout';
  return error instanceof DeliveryError ? 'refused' : 'unreachable';
}
