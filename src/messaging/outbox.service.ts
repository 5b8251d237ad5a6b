import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Channel } from './addresses';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxEntry {
  id: string;
  channel: Channel;
  to: string;
  at: string;
  subject: string | null;
  text: string;
}

export interface OutboxPage {
  items: OutboxEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** The development outbox: messages kept, not sent, one clinic's at a time. */
@Injectable()
export class OutboxService {
  constructor(
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
  ) {}

  async keep(
    clinicId: string,
    message: { channel: Channel; recipient: string; subject: string | null; text: string },
  ): Promise<string> {
    const saved = await this.messages.save(this.messages.create({ clinicId, ...message }));
    return saved.id;
  }

  async listMessages(actor: { clinicId: string }, page = 1, pageSize = 50): Promise<OutboxPage> {
    const [rows, total] = await this.messages.findAndCount({
      where: { clinicId: actor.clinicId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      items: rows.map((m) => ({
        id: m.id,
        channel: m.channel,
        to: m.recipient,
        at: m.createdAt.toISOString(),
        subject: m.subject,
        text: m.text,
      })),
      total,
      page,
      pageSize,
    };
  }
}
