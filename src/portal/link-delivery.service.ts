import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { actedBy, AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { ClinicView } from '../clinics/clinics.service';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { BASE_LANGUAGE } from '../i18n/phrases';
import { Channel } from '../messaging/addresses';
import { SendOutcome, Via } from '../messaging/message';
import { MessagingService } from '../messaging/messaging.service';
import { Patient } from '../patients/patient.entity';
import { SendToDto } from './dto/issue-link.dto';
import { LinkDelivery } from './link-delivery.entity';
import { composeLinkEmail, composeLinkText, firstNameOf, LinkMessageInput } from './link-message';

/** How a send went, as answers and the builder show it: the address masked. */
export interface DeliveryView {
  channel: Channel;
  status: 'sent' | 'failed';
  /** The provider's reason for a failure (an HTTP status and its message, an SMTP reply). */
  reason?: string;
  /** The recipient, masked. */
  to: string;
  /** smtp, twilio, or the development outbox. */
  via: Via;
  at: string;
}

/** What is being sent: a link just issued, to one patient's handout. */
export interface IssuedForSending {
  id: string;
  url: string;
  expiresAt: Date;
  requireDob: boolean;
  handout: { id: string; patientId: string; latestVersion: number };
}

const NOT_SET_UP: Record<Channel, string> = {
  email: 'sending by email is not set up on this portal (SMTP_URL)',
  sms: 'sending by text message is not set up on this portal (SMS_PROVIDER)',
};

/**
 * Sends a patient the link just issued, by email and/or text message, and keeps how each went:
 * a row in link_deliveries and an audited `link.sent` or `link.send_failed` (without
 * addresses). A failed send never undoes the link: it was committed before sending.
 */
@Injectable()
export class LinkDeliveryService {
  constructor(
    @InjectRepository(LinkDelivery) private readonly deliveries: Repository<LinkDelivery>,
    @InjectRepository(HandoutVersion) private readonly versions: Repository<HandoutVersion>,
    @InjectRepository(Patient) private readonly patients: Repository<Patient>,
    private readonly dataSource: DataSource,
    private readonly messaging: MessagingService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Refuses, before anything is written, a channel this portal cannot send on (production
   * without SMTP_URL or SMS_PROVIDER), naming the field.
   */
  refuseUnavailable(sendTo: SendToDto | undefined): void {
    if (!sendTo) return;
    const problems: string[] = [];
    if (sendTo.email === undefined && sendTo.phone === undefined)
      problems.push('sendTo: give an email, a phone, or both');
    if (sendTo.email !== undefined && !this.messaging.isSetUp('email'))
      problems.push(`sendTo.email: ${NOT_SET_UP.email}`);
    if (sendTo.phone !== undefined && !this.messaging.isSetUp('sms'))
      problems.push(`sendTo.phone: ${NOT_SET_UP.sms}`);
    if (problems.length > 0) throw new BadRequestException(problems);
  }

  async deliverLink(
    actor: Actor,
    link: IssuedForSending,
    clinic: ClinicView,
    sendTo: SendToDto,
  ): Promise<DeliveryView[]> {
    const input = await this.messageInput(actor, link, clinic);
    const sends: Promise<SendOutcome>[] = [];
    if (sendTo.email !== undefined) {
      const email = composeLinkEmail(input);
      sends.push(
        this.messaging.sendEmail({ clinicId: actor.clinicId, to: sendTo.email, ...email }),
      );
    }
    if (sendTo.phone !== undefined)
      sends.push(
        this.messaging.sendText({
          clinicId: actor.clinicId,
          to: sendTo.phone,
          body: composeLinkText(input),
        }),
      );
    const outcomes = await Promise.all(sends);
    const rows = await this.dataSource.transaction(async (manager) => {
      const saved: LinkDelivery[] = [];
      for (const outcome of outcomes) {
        saved.push(
          await manager.save(
            manager.create(LinkDelivery, {
              clinicId: actor.clinicId,
              linkId: link.id,
              channel: outcome.channel,
              status: outcome.status,
              via: outcome.via,
              recipient: outcome.to,
              reason: outcome.reason,
              providerMessageId: outcome.providerMessageId?.slice(0, 120) ?? null,
            }),
          ),
        );
        await this.audit.record(
          {
            ...actedBy(actor),
            action: outcome.status === 'sent' ? 'link.sent' : 'link.send_failed',
            targetType: 'link',
            targetId: link.id,
            outcome: outcome.status === 'sent' ? 'success' : 'failure',
            // No address, masked or not: the channel, what carried it, and the provider's reason.
            details: {
              handoutId: link.handout.id,
              channel: outcome.channel,
              via: outcome.via,
              ...(outcome.reason ? { reason: outcome.reason } : {}),
            },
          },
          manager,
        );
      }
      return saved;
    });
    return rows.map(toDeliveryView);
  }

  /** Each link's sends, newest first. */
  async deliveriesOf(clinicId: string, linkIds: string[]): Promise<Map<string, DeliveryView[]>> {
    const byLink = new Map<string, DeliveryView[]>();
    if (linkIds.length === 0) return byLink;
    const rows = await this.deliveries.find({
      where: { clinicId, linkId: In(linkIds) },
      order: { at: 'DESC' },
    });
    for (const row of rows)
      byLink.set(row.linkId, [...(byLink.get(row.linkId) ?? []), toDeliveryView(row)]);
    return byLink;
  }

  private async messageInput(
    actor: Actor,
    link: IssuedForSending,
    clinic: ClinicView,
  ): Promise<LinkMessageInput> {
    const { handout } = link;
    const version = await this.versions.findOne({
      where: { clinicId: actor.clinicId, handoutId: handout.id, number: handout.latestVersion },
      select: { id: true, language: true },
    });
    const patient = clinic.messagesUseFirstName
      ? await this.patients.findOne({
          where: { clinicId: actor.clinicId, id: handout.patientId },
          select: { id: true, displayName: true },
        })
      : null;
    return {
      clinic: { name: clinic.name, phone: clinic.phone },
      url: link.url,
      expiresAt: link.expiresAt,
      timeZone: clinic.timeZone,
      language: version?.language ?? BASE_LANGUAGE,
      firstName: patient ? firstNameOf(patient.displayName) : null,
      requireDateOfBirth: link.requireDob,
    };
  }
}

function toDeliveryView(row: LinkDelivery): DeliveryView {
  return {
    channel: row.channel,
    status: row.status,
    ...(row.reason ? { reason: row.reason } : {}),
    to: row.recipient,
    via: row.via,
    at: row.at.toISOString(),
  };
}
