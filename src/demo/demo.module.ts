import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { UsersModule } from '../users/users.module';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [ClinicsModule, UsersModule], providers: [DemoDataService] })
export class DemoModule {}
