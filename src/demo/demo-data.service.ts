import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { ClinicsService } from '../clinics/clinics.service';
import { loggerFor } from '../logging/logger';
import { PatientsService } from '../patients/patients.service';
import { UsersService } from '../users/users.service';

export const DEMO_EMAIL = 'demo.clinician@example.com';

const DEMO_PATIENTS = [
  { displayName: 'Maria L.', dateOfBirth: '1968-03-14', mrn: 'DEMO-1001' },
  { displayName: 'James O.', dateOfBirth: '1990-11-02', mrn: 'DEMO-1002' },
  { displayName: 'Priya S.', dateOfBirth: '1955-07-21', mrn: 'DEMO-1003' },
];

/**
 * Development only: an empty database gets a demo clinic and a demo clinician, so a newcomer
 * can sign in at once. The generated password is kept in DATA_DIR and printed at each start.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = loggerFor(DemoDataService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clinics: ClinicsService,
    private readonly users: UsersService,
    private readonly patients: PatientsService,
  ) {}

  async seedIfEmpty(): Promise<void> {
    if (this.config.isProduction) return;
    const credentialsFile = join(this.config.dataDir, 'demo-sign-in.txt');
    if ((await this.clinics.count()) === 0) {
      const password = `demo-${randomBytes(9).toString('base64url')}`;
      const clinic = await this.clinics.createClinic({
        name: 'Riverside Physiotherapy (demo)',
        phone: '+1 555 0100',
        address: '12 River Road, Springfield',
        website: 'https://riverside.example',
        paperSize: 'A4',
        emergencyNumber: '911',
        outOfHours: 'our after-hours line on +1 555 0199',
      });
      await this.users.createUser(clinic.id, {
        email: DEMO_EMAIL,
        name: 'Dr Sam Lee',
        role: 'admin',
        password,
      });
      const actor = await this.users.actorFor(clinic.id, DEMO_EMAIL);
      for (const patient of DEMO_PATIENTS) await this.patients.createPatient(actor, patient);
      writeFileSync(credentialsFile, `${DEMO_EMAIL}\n${password}\n`, { mode: 0o600 });
      this.logger.info('created a demo clinic and a demo clinician');
    }
    if (existsSync(credentialsFile)) {
      const [email, password] = readFileSync(credentialsFile, 'utf8').trim().split('\n');
      process.stdout.write(
        `\n  Demo sign-in at ${this.config.publicUrl}/login\n    email:    ${email}\n    password: ${password}\n\n`,
      );
    }
  }
}
