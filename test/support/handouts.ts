import { SignedIn } from './factories';

/** A patient and a handout started from the "First 72 hours" template, through the API. */
export async function patientWithHandout(session: SignedIn, name = 'Maria L.') {
  const patient = await session.agent
    .post('/api/patients')
    .set('X-CSRF-Token', session.csrfToken)
    .send({ displayName: name, dateOfBirth: '1968-03-14' })
    .expect(201);
  const handout = await session.agent
    .post(`/api/patients/${patient.body.id}/handouts`)
    .set('X-CSRF-Token', session.csrfToken)
    .send({ templateKey: 'first-72-hours' })
    .expect(201);
  return { patient: patient.body, handout: handout.body };
}

export type Draft = {
  title: string;
  note?: string;
  followUpDate?: string | null;
  blocks: { key: string; params?: object }[];
  revision: number;
};

export function saveDraft(session: SignedIn, id: string, draft: Draft) {
  return session.agent
    .put(`/api/handouts/${id}/draft`)
    .set('X-CSRF-Token', session.csrfToken)
    .send(draft);
}

export function publish(session: SignedIn, id: string) {
  return session.agent.post(`/api/handouts/${id}/publish`).set('X-CSRF-Token', session.csrfToken);
}
