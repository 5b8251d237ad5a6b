import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clinic } from './clinic.entity';
import { CreateClinicDto } from './dto/create-clinic.dto';

@Injectable()
export class ClinicsService {
  constructor(@InjectRepository(Clinic) private readonly clinics: Repository<Clinic>) {}

  createClinic(dto: CreateClinicDto): Promise<Clinic> {
    return this.clinics.save(
      this.clinics.create({ ...dto, accentColor: dto.accentColor?.toLowerCase() }),
    );
  }

  async findByIdOrThrow(id: string): Promise<Clinic> {
    const clinic = await this.clinics.findOneBy({ id });
    if (!clinic) throw new NotFoundException(`clinic: no clinic with id ${id}`);
    return clinic;
  }

  count(): Promise<number> {
    return this.clinics.count();
  }
}
