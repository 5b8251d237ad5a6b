import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { refuseNulls } from '../common/validation';
import { Clinic } from './clinic.entity';
import { CreateClinicDto } from './dto/create-clinic.dto';
import { UpdateClinicDto } from './dto/update-clinic.dto';
import { checkLogo } from './logo';

export type ClinicView = Omit<Clinic, 'logo' | 'createdAt' | 'updatedAt'> & { hasLogo: boolean };

@Injectable()
export class ClinicsService {
  constructor(
    @InjectRepository(Clinic) private readonly clinics: Repository<Clinic>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  createClinic(dto: CreateClinicDto): Promise<Clinic> {
    return this.dataSource.transaction(async (manager) => {
      const clinic = await manager.save(
        manager.create(Clinic, { ...dto, accentColor: dto.accentColor?.toLowerCase() }),
      );
      await this.audit.record(
        {
          clinicId: clinic.id,
          actorType: 'system',
          actorId: null,
          action: 'clinic.created',
          targetType: 'clinic',
          targetId: clinic.id,
        },
        manager,
      );
      return clinic;
    });
  }

  async findByIdOrThrow(id: string): Promise<Clinic> {
    const clinic = await this.clinics.findOneBy({ id });
    if (!clinic) throw new NotFoundException(`clinic: no clinic with id ${id}`);
    return clinic;
  }

  /** The signed-in user's own clinic: the only one they can ever read. */
  async getClinic(actor: Pick<Actor, 'clinicId'>): Promise<ClinicView> {
    return toClinicView(await this.findByIdOrThrow(actor.clinicId));
  }

  updateClinic(actor: Actor, dto: UpdateClinicDto): Promise<ClinicView> {
    refuseNulls(dto);
    if (Object.keys(dto).length === 0)
      throw new BadRequestException('Send at least one field to change.');
    return this.dataSource.transaction(async (manager) => {
      const clinic = await manager.findOneByOrFail(Clinic, { id: actor.clinicId });
      Object.assign(
        clinic,
        dto,
        dto.accentColor ? { accentColor: dto.accentColor.toLowerCase() } : {},
      );
      const saved = await manager.save(clinic);
      await this.audit.recordByUser(
        actor,
        'clinic.updated',
        { type: 'clinic', id: clinic.id },
        { fields: Object.keys(dto) },
        manager,
      );
      return toClinicView(saved);
    });
  }

  async setLogo(actor: Actor, bytes: Buffer | undefined): Promise<ClinicView> {
    if (!bytes || bytes.length === 0)
      throw new BadRequestException('logo: attach a PNG or JPEG file');
    const logo = await checkLogo(bytes);
    return this.dataSource.transaction(async (manager) => {
      await manager.update(
        Clinic,
        { id: actor.clinicId },
        { logo: logo.bytes, logoType: logo.type },
      );
      await this.audit.recordByUser(
        actor,
        'clinic.logo_changed',
        { type: 'clinic', id: actor.clinicId },
        { bytes: logo.bytes.length, width: logo.width, height: logo.height },
        manager,
      );
      return toClinicView(await manager.findOneByOrFail(Clinic, { id: actor.clinicId }));
    });
  }

  async removeLogo(actor: Actor): Promise<ClinicView> {
    await this.clinics.update({ id: actor.clinicId }, { logo: null, logoType: null });
    await this.audit.recordByUser(actor, 'clinic.logo_removed', {
      type: 'clinic',
      id: actor.clinicId,
    });
    return this.getClinic(actor);
  }

  /** The logo bytes, or null; used for pages and handouts of this clinic. */
  async getLogo(clinicId: string): Promise<{ bytes: Buffer; type: string } | null> {
    return (await this.getClinicWithLogo({ clinicId })).logo;
  }

  /** The clinic as a printed document shows it, logo bytes included, in one query. */
  async getClinicWithLogo(
    actor: Pick<Actor, 'clinicId'>,
  ): Promise<ClinicView & { logo: { bytes: Buffer; type: string } | null }> {
    const clinic = await this.clinics
      .createQueryBuilder('c')
      .addSelect('c.logo')
      .where('c.id = :clinicId', { clinicId: actor.clinicId })
      .getOne();
    if (!clinic) throw new NotFoundException(`clinic: no clinic with id ${actor.clinicId}`);
    const logo =
      clinic.logo && clinic.logoType ? { bytes: clinic.logo, type: clinic.logoType } : null;
    return { ...toClinicView(clinic), logo };
  }

  count(): Promise<number> {
    return this.clinics.count();
  }
}

function toClinicView(clinic: Clinic): ClinicView {
  const { logo: _logo, createdAt: _c, updatedAt: _u, ...rest } = clinic;
  return { ...rest, hasLogo: clinic.logoType !== null };
}
