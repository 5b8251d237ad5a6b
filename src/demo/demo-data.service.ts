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
export const DEMO_ADMIN_EMAIL = 'demo.admin@example.com';

const DEMO_PATIENTS = [
  { displayName: 'Maria L.', dateOfBirth: '1968-03-14', mrn: 'DEMO-1001' },
  { displayName: 'James O.', dateOfBirth: '1990-11-02', mrn: 'DEMO-1002' },
  { displayName: 'Priya S.', dateOfBirth: '1955-07-21', mrn: 'DEMO-1003' },
];

/**
 * Development only: an empty database gets a demo clinic with a demo clinician (builds
 * handouts) and a demo admin (people, clinic settings, audit trail), so a newcomer can sign in
 * at once. The generated passwords are kept in DATA_DIR; `signInText` says them after start-up.
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

  private get credentialsFile(): string {
    return join(this.config.dataDir, 'demo-sign-in.txt');
  }

  async seedIfEmpty(): Promise<void> {
    if (this.config.isProduction) return;
    if ((await this.clinics.count()) > 0) return;
    const clinic = await this.clinics.createClinic({
      name: 'Riverside Physiotherapy (demo)',
      phone: '+1 555 0100',
      address: '12 River Road, Springfield',
      website: 'https://riverside.example',
      paperSize: 'A4',
      emergencyNumber: '911',
      outOfHours: 'our after-hours line on +1 555 0199',
    });
    const accounts = [
      { role: 'clinician' as const, email: DEMO_EMAIL, name: 'Dr Sam Lee' },
      { role: 'admin' as const, email: DEMO_ADMIN_EMAIL, name: 'Alex Morgan' },
    ].map((a) => ({ ...a, password: `demo-${randomBytes(9).toString('base64url')}` }));
    for (const account of accounts) await this.users.createUser(clinic.id, account);
    const actor = await this.users.actorFor(clinic.id, DEMO_EMAIL);
    for (const patient of DEMO_PATIENTS) await this.patients.createPatient(actor, patient);
    writeFileSync(
      this.credentialsFile,
      accounts.map((a) => `${a.role}\t${a.email}\t${a.password}\n`).join(''),
      { mode: 0o600 },
    );
    this.logger.info('created a demo clinic, a demo clinician and a demo admin');
  }

  /** The demo sign-in, for the console after start-up; null outside development. */
  signInText(): string | null {
    if (this.config.isProduction || !existsSync(this.credentialsFile)) return null;
    const lines = readFileSync(this.credentialsFile, 'utf8').trim().split('\n');
    // Data folders from before the demo admin existed hold "email\npassword" (an admin).
    const accounts = lines[0].includes('\t')
      ? lines.map((line) => line.split('\t'))
      : [['admin', lines[0], lines[1]]];
    const rows = accounts.map(
      ([role, email, password]) =>
        `    ${(role === 'admin' ? 'Admin (people, clinic settings, audit trail)' : 'Clinician (patients and handouts)').padEnd(46)}\n      email:    ${email}\n      password: ${password}`,
    );
    return `\n  Demo sign-in at ${this.config.publicUrl}/login\n${rows.join('\n')}\n\n`;
  }
}
