import { ApiKey } from '../api-keys/api-key.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { PasswordReset } from '../auth/password-reset.entity';
import { SessionRecord } from '../auth/session-record.entity';
import { CheckIn } from '../check-ins/check-in.entity';
import { Clinic } from '../clinics/clinic.entity';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { Handout } from '../handouts/handout.entity';
import { PlanProgress } from '../handouts/plan-progress.entity';
import { ClinicImage } from '../images/clinic-image.entity';
import { BlockVersion } from '../library/block-version.entity';
import { Block } from '../library/block.entity';
import { ProtocolVersion } from '../library/protocol-version.entity';
import { Protocol } from '../library/protocol.entity';
import { OutboxMessage } from '../messaging/outbox-message.entity';
import { Patient } from '../patients/patient.entity';
import { LinkDelivery } from '../portal/link-delivery.entity';
import { PortalLink } from '../portal/portal-link.entity';
import { RateLimitCounter } from '../rate-limits/rate-limit-counter.entity';
import { PdfCacheEntry } from '../rendering/pdf-cache-entry.entity';
import { User } from '../users/user.entity';

/** Every entity the schema is generated from. A new entity is added here. */
export const ENTITIES = [
  Clinic,
  User,
  Patient,
  AuditEvent,
  SessionRecord,
  Block,
  BlockVersion,
  Protocol,
  ProtocolVersion,
  Handout,
  HandoutVersion,
  PdfCacheEntry,
  PortalLink,
  RateLimitCounter,
  PasswordReset,
  ClinicImage,
  PlanProgress,
  CheckIn,
  ApiKey,
  LinkDelivery,
  OutboxMessage,
];
