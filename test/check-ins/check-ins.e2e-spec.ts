import { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { createClinic, randomAddress, signIn, SignedIn, TestClinic } from '../support/factories';
import { patientWithHandout, publish } from '../support/handouts';
import { startTestApp } from '../support/test-app';

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('the day-by-day plan and check-ins', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let clinic: TestClinic;
  let lee: SignedIn;
  let clock: Clock;
  let realNow: () => Date;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.get(DataSource);
    clinic = await createClinic(app);
    lee = await signIn(app, clinic.clinician);
    clock = app.get(Clock);
    realNow = clock.now;
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => app.close());

  /** Moves the app's clock by whole days. */
  const travel = (days: number) => {
    clock.now = () => new Date(Date.now() + days * DAY);
  };

  /** A published "First 72 hours" handout (with a plan) and an open page on a phone. */
  async function planned(
    draft: { startDate?: string; blocks?: object[] } = {},
    link: { requireDateOfBirth?: boolean } = {},
    name = 'Maria L.',
  ) {
    const { patient, handout } = await patientWithHandout(lee, name);
    await lee.agent
      .put(`/api/handouts/${handout.id}/draft`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({
        title: handout.draft.title,
        blocks: draft.blocks ?? handout.draft.blocks,
        revision: 1,
        ...(draft.startDate ? { startDate: draft.startDate } : {}),
      })
      .expect(200);
    await publish(lee, handout.id).expect(201);
    const issued = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: false, ...link })
      .expect(201);
    const phone = request.agent(app.getHttpServer()).set('X-Forwarded-For', randomAddress());
    const opened = await phone.get(new URL(issued.body.url).pathname).expect(303);
    return {
      patient,
      handout,
      linkId: issued.body.id as string,
      phone: phone as unknown as TestAgent,
      page: opened.headers.location as string,
    };
  }

  /** The form's hidden token, read from the page as a browser would send it. */
  async function formOf(phone: TestAgent, page: string) {
    const res = await phone.get(page).expect(200);
    const token = /name="check" value="([^"]+)"/.exec(res.text)?.[1];
    return { html: res.text, token: token ?? '', csp: res.headers['content-security-policy'] };
  }

  const checkIns = (handoutId: string) =>
    db.query(`SELECT * FROM check_ins WHERE handout_id = $1 ORDER BY date`, [handoutId]);

  it('freezes a dated plan in the version and shows today first, with a form that needs no script', async () => {
    const { handout, phone, page } = await planned();
    const [version] = await db.query(
      `SELECT start_date::text, plan FROM handout_versions WHERE handout_id = $1`,
      [handout.id],
    );
    expect(version.start_date).toBe(dateIn(0));
    // The review date is 14 days on: a plan of 15 days, the walk worked out for each.
    expect(version.plan.days).toHaveLength(15);
    const walks = version.plan.days.map(
      (d: { items: { key: string; minutes?: number }[] }) =>
        d.items.find((i) => i.key === 'walking-plan')?.minutes,
    );
    expect(walks.slice(0, 9)).toEqual([5, 7, 9, 11, 13, 15, 17, 19, 20]);
    const cold = version.plan.days.filter((d: { items: { key: string }[] }) =>
      d.items.some((i) => i.key === 'cold-pack'),
    );
    expect(cold.map((d: { day: number }) => d.day)).toEqual([1, 2, 3]);
    expect(version.plan.signs.length).toBeGreaterThanOrEqual(8);

    const { html, token, csp } = await formOf(phone, page);
    expect(html).toMatch(/Today is day 1 of your plan \(\w+day \d+ \w+\)/);
    expect(html).toContain('4 walks of 5 minutes');
    expect(html).toContain('Cold pack for 15 minutes, at least 2 hours apart');
    expect(html).toContain(`action="${page}/check-ins"`);
    expect(html).not.toMatch(/<script/i);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csp).toContain("form-action 'self'");
    // The printed plan: a row a day, a pain box each.
    expect(html.match(/<span class="pain-box"/g)).toHaveLength(15);
  });

  it('keeps one check-in per link per day: sending again replaces it', async () => {
    const { handout, phone, page } = await planned();
    const { token } = await formOf(phone, page);
    const send = (fields: Record<string, string | string[]>) =>
      phone
        .post(`${page}/check-ins`)
        .type('form')
        .send({ check: token, ...fields });
    const first = await send({ pain: '4', done: ['knee-to-chest'], walkedMinutes: '6' }).expect(
      303,
    );
    expect(first.headers.location).toBe(`${page}#today`);
    const after = await phone.get(page).expect(200);
    expect(after.text).toContain('Your check-in for today is saved');
    expect(after.text).toMatch(/value="knee-to-chest" checked/);
    await send({ pain: '5', done: ['knee-to-chest', 'pelvic-tilt'] }).expect(303);
    const rows = await checkIns(handout.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pain: 5,
      done: ['knee-to-chest', 'pelvic-tilt'],
      walked_minutes: null,
      day: 1,
    });

    const api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.items).toEqual([
      expect.objectContaining({
        date: dateIn(0),
        day: 1,
        pain: 5,
        done: ['knee-to-chest', 'pelvic-tilt'],
        walkedMinutes: null,
        emergencySigns: [],
        flagged: false,
      }),
    ]);
    expect(api.body.summary).toMatchObject({ days: 1, checkedIn: 1, completion: 1, lastPain: 5 });
    const audit = await db.query(
      `SELECT action, actor_type, details FROM audit_events WHERE action = 'portal.checked_in' AND target_id = (SELECT link_id::text FROM check_ins WHERE handout_id = $1)`,
      [handout.id],
    );
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('pelvic');
  });

  it('refuses wrong answers in the patient’s words and writes nothing', async () => {
    const { handout, phone, page } = await planned();
    const { token } = await formOf(phone, page);
    const cases: [Record<string, unknown>, string][] = [
      [{ check: token, pain: '11' }, 'Choose a number for your pain now'],
      [{ check: token, pain: '4.5' }, 'Choose a number for your pain now'],
      [{ check: token }, 'Choose a number for your pain now'],
      [{ check: token, pain: '3', done: 'bridge' }, 'Something in the form was not recognised'],
      [{ check: token, pain: '3', walkedMinutes: '-5' }, 'Write the minutes you walked'],
      [{ pain: '3' }, 'Something in the form was not recognised'],
      [{ check: 'x'.repeat(43), pain: '3' }, 'Something in the form was not recognised'],
    ];
    for (const [fields, message] of cases) {
      const res = await phone.post(`${page}/check-ins`).type('form').send(fields).expect(400);
      expect(res.text).toContain('Your check-in was not saved');
      expect(res.text).toContain(message);
    }
    // What was right stays on the form, to correct the rest.
    const kept = await phone
      .post(`${page}/check-ins`)
      .type('form')
      .send({ check: token, pain: '12', done: 'pelvic-tilt', walkedMinutes: '7' })
      .expect(400);
    expect(kept.text).toMatch(/value="pelvic-tilt" checked/);
    expect(kept.text).toMatch(/name="walkedMinutes"[^>]*value="7"/);
    expect(await checkIns(handout.id)).toHaveLength(0);
  });

  it('shows the emergency advice at once when a sign is ticked, and flags the patient until seen', async () => {
    const { patient, handout, phone, page } = await planned({}, {}, 'Flagged Patient');
    const { token } = await formOf(phone, page);
    // Ticked with a wrong pain: refused, but the advice comes first all the same, and the sign
    // (only the sign) reaches the clinician.
    const refused = await phone
      .post(`${page}/check-ins`)
      .type('form')
      .send({ check: token, pain: 'lots', done: 'knee-to-chest', emergencySigns: 'sign-1' })
      .expect(400);
    expect(refused.text).toMatch(/Call (999|911|112|your local emergency number) now/);
    const [signOnly] = await checkIns(handout.id);
    expect(signOnly).toMatchObject({ pain: null, done: [], emergency_signs: ['sign-1'] });
    // Ticked without a pain: saved, so the clinician is told.
    await phone
      .post(`${page}/check-ins`)
      .type('form')
      .send({ check: token, emergencySigns: ['sign-1', 'sign-3'] })
      .expect(303);
    const shown = await phone.get(page).expect(200);
    expect(shown.text.indexOf('now, or go to an emergency department')).toBeLessThan(
      shown.text.indexOf('Today is day 1'),
    );
    const api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.items[0].flagged).toBe(true);
    expect(api.body.items[0].emergencySigns[0]).toMatch(/numbness or tingling in both legs/);
    expect(api.body.summary.flags[0]).toMatch(/^Ticked on day 1: numbness or tingling/);

    const attention = await lee.agent.get('/api/patients?attention=true&pageSize=100').expect(200);
    expect(attention.body.items.map((p: { id: string }) => p.id)).toContain(patient.id);
    await lee.agent
      .post(`/api/handouts/${handout.id}/check-ins/seen`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(200);
    const after = await lee.agent.get('/api/patients?attention=true&pageSize=100').expect(200);
    expect(after.body.items.map((p: { id: string }) => p.id)).not.toContain(patient.id);
    const [seen] = await db.query(
      `SELECT actor_id FROM audit_events WHERE action = 'check-ins.seen' AND target_id = $1`,
      [handout.id],
    );
    expect(seen.actor_id).toBe(clinic.clinician.id);
  });

  it('flags pain of 7 or more, pain rising three days running, and three days without a check-in', async () => {
    const { patient, handout, phone, page } = await planned({}, {}, 'Rising Pain');
    const checkInOn = async (day: number, pain: number) => {
      travel(day - 1);
      const { token } = await formOf(phone, page);
      await phone
        .post(`${page}/check-ins`)
        .type('form')
        .send({ check: token, pain: String(pain) })
        .expect(303);
    };
    await checkInOn(1, 2);
    await checkInOn(2, 3);
    await checkInOn(3, 5);
    let api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.summary.flags).toEqual([
      'Pain rising three days running: 2, 3, 5 (days 1 to 3)',
    ]);
    await lee.agent
      .post(`/api/handouts/${handout.id}/check-ins/seen`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(200);
    await checkInOn(4, 8);
    api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.summary.flags).toEqual([
      'Pain 8 on day 4',
      'Pain rising three days running: 3, 5, 8 (days 2 to 4)',
    ]);
    await lee.agent
      .post(`/api/handouts/${handout.id}/check-ins/seen`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(200);
    const ids = async () =>
      (await lee.agent.get('/api/patients?attention=true&pageSize=100').expect(200)).body.items.map(
        (p: { id: string }) => p.id,
      );
    // Seen on day 4; days 5, 6 and 7 pass without a check-in: overdue on day 8.
    travel(6);
    expect(await ids()).not.toContain(patient.id);
    travel(7);
    expect(await ids()).toContain(patient.id);
    api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.summary.missedFrom).toBe(dateIn(7));
  });

  it('says when the plan starts, takes no check-in before it, and none through a revoked link', async () => {
    const later = await planned({ startDate: dateIn(5) });
    const { html } = await formOf(later.phone, later.page);
    expect(html).toMatch(/Your plan starts on \w+day \d+ \w+/);
    expect(html).not.toContain('<form class="check-in"');
    await later.phone.post(`${later.page}/check-ins`).type('form').send({ pain: '3' }).expect(409);
    expect(await checkIns(later.handout.id)).toHaveLength(0);

    const now = await planned();
    const { token } = await formOf(now.phone, now.page);
    await lee.agent
      .delete(`/api/links/${now.linkId}`)
      .set('X-CSRF-Token', lee.csrfToken)
      .expect(204);
    const gone = await now.phone
      .post(`${now.page}/check-ins`)
      .type('form')
      .send({ check: token, pain: '3' })
      .expect(410);
    expect(gone.text).not.toContain('Maria');
    expect(gone.text).not.toContain('emergency department');
    // Even then, a sign ticked is answered with what to do now.
    const urgent = await now.phone
      .post(`${now.page}/check-ins`)
      .type('form')
      .send({ check: token, pain: '3', emergencySigns: 'sign-2' })
      .expect(410);
    expect(urgent.text).toMatch(/now, or go to an emergency department/);
    expect(await checkIns(now.handout.id)).toHaveLength(0);
    const early = await later.phone
      .post(`${later.page}/check-ins`)
      .type('form')
      .send({ emergencySigns: 'sign-1' })
      .expect(409);
    expect(early.text).toMatch(/now, or go to an emergency department/);
  });

  it('keeps a sign ticked that day, and a flag raised at once through another link', async () => {
    const { handout, phone, page } = await planned({}, {}, 'Two Links');
    const second = await lee.agent
      .post(`/api/handouts/${handout.id}/links`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ requireDateOfBirth: false })
      .expect(201);
    const other = request.agent(app.getHttpServer()).set('X-Forwarded-For', randomAddress());
    const otherPage = (await other.get(new URL(second.body.url).pathname).expect(303)).headers
      .location as string;
    const [a, b] = await Promise.all([
      formOf(phone, page),
      formOf(other as unknown as TestAgent, otherPage),
    ]);
    await Promise.all([
      phone
        .post(`${page}/check-ins`)
        .type('form')
        .send({ check: a.token, pain: '2', emergencySigns: 'sign-4' })
        .expect(303),
      other
        .post(`${otherPage}/check-ins`)
        .type('form')
        .send({ check: b.token, pain: '3' })
        .expect(303),
    ]);
    let api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.summary.flags).toEqual([
      expect.stringMatching(/^Ticked on day 1: you cannot control your bowels/),
    ]);
    // Sending again the same day without the sign keeps it ticked.
    await phone
      .post(`${page}/check-ins`)
      .type('form')
      .send({ check: a.token, pain: '1' })
      .expect(303);
    const rows = await db.query(
      `SELECT pain, emergency_signs FROM check_ins WHERE handout_id = $1 AND pain = 1`,
      [handout.id],
    );
    expect(rows).toEqual([{ pain: 1, emergency_signs: ['sign-4'] }]);
    // Seen clears what the clinician saw; a flag raised after stays.
    await phone
      .post(`${page}/check-ins`)
      .type('form')
      .send({ check: a.token, pain: '9' })
      .expect(303);
    api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.summary.flags).toHaveLength(2);
    await lee.agent
      .post(`/api/handouts/${handout.id}/check-ins/seen`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ flags: [api.body.summary.flags[0]] })
      .expect(200);
    api = await lee.agent.get(`/api/handouts/${handout.id}/check-ins`).expect(200);
    expect(api.body.summary.flags).toEqual(['Pain 9 on day 1']);
  });

  it('goes on with the same plan when a correction is published later', async () => {
    const { handout, phone, page } = await planned({}, {}, 'Republished');
    travel(3);
    const current = await lee.agent.get(`/api/handouts/${handout.id}`).expect(200);
    await lee.agent
      .put(`/api/handouts/${handout.id}/draft`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ ...current.body.draft, note: 'A correction.', revision: current.body.draft.revision })
      .expect(200);
    await publish(lee, handout.id).expect(201);
    const versions = await db.query(
      `SELECT number, start_date::text FROM handout_versions WHERE handout_id = $1 ORDER BY number`,
      [handout.id],
    );
    expect(versions.map((v: { start_date: string }) => v.start_date)).toEqual([
      dateIn(0),
      dateIn(0),
    ]);
    const { html } = await formOf(phone, page);
    expect(html).toMatch(/Today is day 4 of your plan/);
  });

  it('asks for the date of birth first when the link needs it, and refuses posts from other sites', async () => {
    const guarded = await planned({}, { requireDateOfBirth: true });
    const before = await guarded.phone
      .post(`${guarded.page}/check-ins`)
      .type('form')
      .send({ pain: '3' })
      .expect(303);
    expect(before.headers.location).toBe(guarded.page);
    await guarded.phone
      .post(`${guarded.page}/dob`)
      .type('form')
      .send({ dateOfBirth: '1968-03-14' })
      .expect(303);
    const { token } = await formOf(guarded.phone, guarded.page);
    await guarded.phone
      .post(`${guarded.page}/check-ins`)
      .set('Origin', 'https://elsewhere.example')
      .type('form')
      .send({ check: token, pain: '3' })
      .expect(403);
    await guarded.phone
      .post(`${guarded.page}/check-ins`)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'null')
      .type('form')
      .send({ check: token, pain: '3' })
      .expect(403);
    expect(await checkIns(guarded.handout.id)).toHaveLength(0);
    // From the page itself, as a browser sends it: the page's no-referrer policy makes the
    // Origin "null".
    await guarded.phone
      .post(`${guarded.page}/check-ins`)
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', 'null')
      .type('form')
      .send({ check: token, pain: '3' })
      .expect(303);
    expect(await checkIns(guarded.handout.id)).toHaveLength(1);
  });

  it('answers any posted form with the page or a refusal, never a 500, and a refusal writes nothing', async () => {
    const { handout, phone, page } = await planned({}, {}, 'Fuzzed Form');
    const { token } = await formOf(phone, page);
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '0',
        '10',
        '11',
        '-1',
        '1e1',
        '٣',
        ' 4 ',
        'knee-to-chest',
        'sign-1',
        'sign-99',
        '\u202e',
        'x'.repeat(3000),
      ),
      fc.array(fc.constantFrom('knee-to-chest', 'pelvic-tilt', 'bridge', 'sign-2', ''), {
        maxLength: 6,
      }),
    );
    const form = fc.dictionary(
      fc.constantFrom(
        'pain',
        'done',
        'walkedMinutes',
        'emergencySigns',
        'check',
        'done[a]',
        'extra',
      ),
      value,
    );
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, withToken) => {
        const before = await checkIns(handout.id);
        const res = await phone
          .post(`${page}/check-ins`)
          .type('form')
          .send(withToken ? { ...fields, check: token } : fields);
        expect([303, 400]).toContain(res.status);
        const after = await checkIns(handout.id);
        if (res.status === 400) {
          // Refused: the answers stay as they were; only an emergency sign ticked on our own
          // form is recorded, added to the day's check-in.
          const answers = (rows: Record<string, unknown>[]) =>
            rows.map(({ pain, done, walked_minutes }) => ({ pain, done, walked_minutes }));
          if (before.length) expect(answers(after)).toEqual(answers(before));
          else expect(after.every((r: { pain: unknown }) => r.pain === null)).toBe(true);
          const ticked = (rows: { emergency_signs: string[] }[]) =>
            new Set(rows.flatMap((r) => r.emergency_signs));
          for (const sign of ticked(before)) expect(ticked(after).has(sign)).toBe(true);
          if (!withToken) expect(after).toEqual(before);
        } else {
          expect(after).toHaveLength(1);
          const [row] = after;
          expect(row.pain === null || (row.pain >= 0 && row.pain <= 10)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a block whose days run backwards and a plan that starts after the follow-up', async () => {
    const { handout } = await patientWithHandout(lee, 'Days Backwards');
    const blocks = handout.draft.blocks.map((b: { key: string }) =>
      b.key === 'heat' ? { ...b, fromDay: 5, toDay: 2 } : b,
    );
    const res = await lee.agent
      .put(`/api/handouts/${handout.id}/draft`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({ title: 'T', blocks, revision: 1 })
      .expect(400);
    expect(JSON.stringify(res.body)).toMatch(/starts on day 5, after its last day \(2\)/);
    const late = await lee.agent
      .put(`/api/handouts/${handout.id}/draft`)
      .set('X-CSRF-Token', lee.csrfToken)
      .send({
        title: 'T',
        blocks: handout.draft.blocks,
        revision: 1,
        startDate: dateIn(10),
        followUpDate: dateIn(3),
      })
      .expect(400);
    expect(JSON.stringify(late.body)).toMatch(
      /startDate: the plan starts on .*, after the follow-up date/,
    );
    await lee.agent.get('/api/patients?attention=maybe').expect(400);
  });
});
