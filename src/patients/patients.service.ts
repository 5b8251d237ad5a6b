import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { todayIn } from '../common/calendar-date';
import { Clock } from '../common/clock';
import { likeEscape, Page } from '../common/pagination';
import { refuseNulls } from '../common/validation';
import { isUniqueViolation } from '../database/errors';
import { CreatePatientDto, PatientQueryDto, UpdatePatientDto } from './dto/patient.dto';
import { Patient } from './patient.entity';

export interface PatientView {
  id: string;
  displayName: string;
  dateOfBirth: string;
  mrn: string | null;
  language: string;
  email: string | null;
  phone: string | null;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

@Injectable()
export class PatientsService {
  constructor(
    @InjectRepository(Patient) private readonly patients: Repository<Patient>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  createPatient(actor: Actor, dto: CreatePatientDto): Promise<PatientView> {
    return this.dataSource.transaction(async (manager) => {
      const patient = await saveUniqueMrn(
        manager,
        manager.create(Patient, {
          clinicId: actor.clinicId,
          displayName: dto.displayName,
          dateOfBirth: dto.dateOfBirth,
          mrn: dto.mrn ?? null,
          language: dto.language ?? 'en',
          email: dto.email ?? null,
          phone: dto.phone ?? null,
        }),
      );
      await this.audit.recordByUser(
        actor,
        'patient.created',
        { type: 'patient', id: patient.id },
        {},
        manager,
      );
      return toPatientView(patient);
    });
  }

  async listPatients(actor: Actor, query: PatientQueryDto): Promise<Page<PatientView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const qb = this.patients
      .createQueryBuilder('p')
      .where('p.clinicId = :clinicId', { clinicId: actor.clinicId });
    if (!query.includeArchived) qb.andWhere('p.archivedAt IS NULL');
    if (query.attention) {
      // plan_progress keeps, per handout, the day its patient needs attention from (flags raised
      // by check-ins, or a check-in overdue), indexed with the clinic. As an array of ids, the
      // patients are fetched by key (a join would read every patient of the clinic).
      qb.andWhere(
        `p.id = ANY(ARRAY(SELECT pp.patient_id FROM plan_progress pp WHERE pp.clinic_id = :clinicId AND pp.attention_from <= :today))`,
        { today: todayIn(actor.timeZone ?? 'UTC', this.clock.now()) },
      );
    }
    if (query.q) {
      qb.andWhere(`(lower(p.displayName) LIKE :name OR lower(p.mrn) LIKE :mrn)`, {
        name: `%${likeEscape(query.q.toLowerCase())}%`,
        mrn: `${likeEscape(query.q.toLowerCase())}%`,
      });
    }
    const ordered = () =>
      qb
        .clone()
        .orderBy('lower(p.displayName)', 'ASC')
        .addOrderBy('p.id', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize);
    if (query.attention) {
      // Every patient needing attention is read to sort them anyway: count them in the same
      // query (a second one would read them all again).
      const { entities, raw } = await ordered()
        .addSelect('count(*) OVER ()', 'total')
        .getRawAndEntities<{ total: string }>();
      const total = raw.length ? Number(raw[0].total) : await qb.clone().getCount();
      return { items: entities.map(toPatientView), total, page, pageSize };
    }
    // A plain count, and a case-insensitive order that does not walk the name index.
    const [{ count }, rows] = await Promise.all([
      qb
        .clone()
        .select('count(*)', 'count')
        .getRawOne<{ count: string }>()
        .then((r) => r ?? { count: '0' }),
      qb
        .orderBy('lower(p.displayName)', 'ASC')
        .addOrderBy('p.id', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
    ]);
    const total = Number(count);
    return { items: rows.map(toPatientView), total, page, pageSize };
  }

  /** Reading a patient's record is itself an audited access. */
  async viewPatient(actor: Actor, id: string): Promise<PatientView> {
    const patient = await this.findByIdOrThrow(actor, id);
    await this.audit.recordByUser(actor, 'patient.viewed', { type: 'patient', id });
    return toPatientView(patient);
  }

  async findByIdOrThrow(
    actor: Pick<Actor, 'clinicId'>,
    id: string,
    manager?: EntityManager,
  ): Promise<Patient> {
    const repo = manager ? manager.getRepository(Patient) : this.patients;
    const patient = await repo.findOneBy({ id, clinicId: actor.clinicId });
    if (!patient) throw new NotFoundException('patient: not found');
    return patient;
  }

  updatePatient(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientView> {
    refuseNulls(dto, ['mrn', 'email', 'phone']);
    return this.dataSource.transaction(async (manager) => {
      const patient = await this.findByIdOrThrow(actor, id, manager);
      const changed = (Object.keys(dto) as (keyof UpdatePatientDto)[]).filter(
        (key) => dto[key] !== undefined && dto[key] !== patient[key],
      );
      Object.assign(patient, Object.fromEntries(changed.map((key) => [key, dto[key]])));
      const saved = await saveUniqueMrn(manager, patient);
      // Field names only: the trail never copies patient data.
      await this.audit.recordByUser(
        actor,
        'patient.updated',
        { type: 'patient', id },
        { fields: changed },
        manager,
      );
      return toPatientView(saved);
    });
  }

  /**
   * Archives a patient and, in the same transaction, switches off every live portal link to
   * their handouts (each audited), so an archived record is not left readable by link.
   */
  archivePatient(actor: Actor, id: string): Promise<PatientView & { linksRevoked: number }> {
    return this.dataSource.transaction(async (manager) => {
      const patient = await this.findByIdOrThrow(actor, id, manager);
      let linksRevoked = 0;
      if (!patient.archivedAt) {
        patient.archivedAt = new Date();
        await manager.save(patient);
        await this.audit.recordByUser(
          actor,
          'patient.archived',
          { type: 'patient', id },
          {},
          manager,
        );
        const [revoked] = (await manager.query(
          `UPDATE portal_links SET revoked_at = now()
            WHERE clinic_id = $1 AND revoked_at IS NULL
              AND handout_id IN (SELECT h.id FROM handouts h WHERE h.clinic_id = $1 AND h.patient_id = $2)
        RETURNING id, handout_id`,
          [actor.clinicId, id],
        )) as [{ id: string; handout_id: string }[], number];
        for (const link of revoked)
          await this.audit.recordByUser(
            actor,
            'link.revoked',
            { type: 'link', id: link.id },
            { handoutId: link.handout_id, reason: 'patient archived' },
            manager,
          );
        linksRevoked = revoked.length;
      }
      return { ...toPatientView(patient), linksRevoked };
    });
  }
}

async function saveUniqueMrn(manager: EntityManager, patient: Patient): Promise<Patient> {
  try {
    return await manager.save(patient);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictException('mrn: another patient in this clinic already has this MRN');
    }
    throw error;
  }
}

export function toPatientView(patient: Patient): PatientView {
  return {
    id: patient.id,
    displayName: patient.displayName,
    dateOfBirth: patient.dateOfBirth,
    mrn: patient.mrn,
    language: patient.language,
    email: patient.email,
    phone: patient.phone,
    archived: patient.archivedAt !== null,
    archivedAt: patient.archivedAt?.toISOString() ?? null,
    createdAt: patient.createdAt.toISOString(),
    updatedAt: patient.updatedAt.toISOString(),
  };
}
