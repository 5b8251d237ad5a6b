import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Clinic } from '../../src/clinics/clinic.entity';
import { ClinicsService } from '../../src/clinics/clinics.service';
import { Role } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';

export const PASSWORD = 'plenty of words for a password';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  clinicId: string;
}

export interface TestClinic {
  clinic: Clinic;
  admin: TestUser;
  clinician: TestUser;
  editor: TestUser;
}

export const unique = (): string => randomBytes(5).toString('hex');

/** A clinic with one user of each role, made through the real services. */
export async function createClinic(
  app: INestApplication,
  name = `Clinic ${unique()}`,
): Promise<TestClinic> {
  const clinic = await app.get(ClinicsService).createClinic({ name, phone: '+1 555 0100' });
  const users = app.get(UsersService);
  const make = async (role: Role): Promise<TestUser> => {
    const user = await users.createUser(clinic.id, {
      email: `${role}.${unique()}@example.org`,
      name: `Test ${role}`,
      role,
      password: PASSWORD,
    });
    return { id: user.id, email: user.email, role, clinicId: clinic.id };
  };
  return {
    clinic,
    admin: await make('admin'),
    clinician: await make('clinician'),
    editor: await make('editor'),
  };
}

export interface SignedIn {
  agent: TestAgent;
  csrfToken: string;
  cookie: string;
}

/** Signs in through the API; the agent keeps the session and CSRF cookies. */
export async function signIn(
  app: INestApplication,
  user: { email: string },
  password = PASSWORD,
): Promise<SignedIn> {
  const agent = request.agent(app.getHttpServer());
  const res = await agent
    .post('/api/auth/login')
    .set('X-Forwarded-For', randomAddress())
    .send({ email: user.email, password });
  if (res.status !== 200)
    throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = sessionCookie(res.headers['set-cookie']);
  return { agent, csrfToken: res.body.csrfToken, cookie };
}

export function sessionCookie(setCookie: string | string[] | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = cookies.find((c) => c.startsWith('portal.sid='));
  return found ? found.split(';')[0] : '';
}

/** A documentation-range address, so throttling in one test never touches another. */
export function randomAddress(): string {
  const b = randomBytes(2);
  return `198.51.${b[0]}.${b[1]}`;
}
