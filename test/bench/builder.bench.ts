import { Client } from 'pg';
import { MISSED_CHECK_IN_DAYS } from '../../src/handouts/plan-progress.entity';
import { DataSource } from 'typeorm';
import { ClinicsService } from '../../src/clinics/clinics.service';
import { UsersService } from '../../src/users/users.service';
import {
  printTable,
  runAlone,
  signInHeaders,
  startBench,
  summarize,
  timeSequential,
  Timing,
} from './harness';

const PATIENTS = 100_000;
/**
 * One patient in 23 belongs to a second clinic, so every query must filter by clinic (23 is
 * coprime with the name arrays' sizes, so every name occurs in both clinics).
 */
const OTHER_CLINIC_EVERY = 23;
const HANDOUTS = 250_000;
/** Versions per generated handout: 1..7, 4 on average, 1,000,000 in all (see generateHandouts). */
const VERSIONS = 1_000_000;
/** Handouts made through the API, whose drafts are saved and published during the run. */
const BUILDER_HANDOUTS = 40;
const PLANS = 62_500;
const CHECK_INS = 100_000;
const WRITES = 200;
const READS = 300;

const FIRST_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Chen',
  'Olga',
  'Pedro',
  'Fatima',
  'Liam',
  'Sofia',
  'Noah',
  'Amara',
  'Yusuf',
  'Elena',
  'Tomasz',
  'Priya',
  'Kwame',
  'Hannah',
  'Mateo',
  'Ingrid',
  'Omar',
  'Lucia',
  'Dmitri',
  'Grace',
  'Kenji',
  'Zara',
  'Henrik',
  'Leila',
  'Samuel',
  'Nadia',
  'Arjun',
  'Chloe',
  'Diego',
  'Emma',
  'Farid',
  'Greta',
  'Hugo',
  'Isla',
  'Jonas',
  'Keiko',
  'Luca',
];
/** Family names are a prefix and a suffix: 400 of them, 16,000 full names in all. */
const NAME_PREFIXES = [
  'Ander',
  'Bal',
  'Car',
  'Dun',
  'Eli',
  'Fer',
  'Gar',
  'Hol',
  'Ibar',
  'Jan',
  'Kowal',
  'Lind',
  'Mar',
  'Nov',
  'Ort',
  'Pet',
  'Quin',
  'Ros',
  'Sand',
  'Tor',
];
const NAME_SUFFIXES = [
  'son',
  'ez',
  'ski',
  'berg',
  'ova',
  'elli',
  'sen',
  'ton',
  'ley',
  'man',
  'eau',
  'dottir',
  'ini',
  'as',
  'off',
  'ard',
  'field',
  'er',
  'strom',
  'wood',
];
const TITLES = [
  'First 72 hours after a back spasm',
  'Staying active with back pain',
  'Heat and cold for your back',
  'Back to work after a back spasm',
  'Your exercises for this week',
];

type Json = Record<string, unknown>;

/**
 * The handout builder at scale: 100,000 patients and 1,000,000 published handout versions.
 * Save draft and publish p95 under 50 ms; patient search and a patient's handout list p95
 * under 20 ms, all over HTTP on loopback against the real app.
 */
export async function benchBuilder() {
  const env = await startBench();
  try {
    const clinic = await env.app.get(ClinicsService).createClinic({ name: 'Bench clinic' });
    const other = await env.app.get(ClinicsService).createClinic({ name: 'Other clinic' });
    const password = 'bench password long enough';
    const user = await env.app.get(UsersService).createUser(clinic.id, {
      email: 'clinician@example.org',
      name: 'Dr Bench',
      role: 'clinician',
      password,
    });

    const generation = await generate(env.dataSource, env.ownerUrl, clinic.id, other.id, user.id);

    const headers = await signInHeaders(env.baseUrl, user.email, password);
    const call = async (method: string, path: string, expect: number, body?: unknown) => {
      const res = await fetch(env.baseUrl + path, {
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status !== expect) {
        throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      }
      return (await res.json()) as Json;
    };

    // Real handouts from the template, for generated patients of the clinic.
    const builderPatients: { id: string }[] = await env.dataSource.query(
      `SELECT id FROM patients WHERE clinic_id = $1 AND archived_at IS NULL
       ORDER BY mrn OFFSET 5000 LIMIT $2`,
      [clinic.id, BUILDER_HANDOUTS],
    );
    const drafts: { id: string; draft: Json & { revision: number } }[] = [];
    for (const patient of builderPatients) {
      const created = await call('POST', `/api/patients/${patient.id}/handouts`, 201, {
        templateKey: 'first-72-hours',
      });
      drafts.push({
        id: created.id as string,
        draft: created.draft as Json & { revision: number },
      });
    }
    const saveDraft = async (i: number, note: string) => {
      const handout = drafts[i % drafts.length];
      const saved = await call('PUT', `/api/handouts/${handout.id}/draft`, 200, {
        ...handout.draft,
        note,
      });
      handout.draft = saved as Json & { revision: number };
    };

    // 1. Save the draft with the right revision.
    const save = await timeSequential(WRITES, (i) => saveDraft(i, `Saved ${i}: ice for 15 min.`));

    // 2. Publish, each time after a change so it is never a no-op (only the publish is timed).
    const publish = await timeAfterPreparing(
      WRITES,
      (i, phase) => saveDraft(i, `Published ${phase} ${i}: walk 5 minutes a day.`),
      async (i) => {
        await call('POST', `/api/handouts/${drafts[i % drafts.length].id}/publish`, 201);
      },
    );

    // 3. Patient search by part of a name; every fragment is checked to match first.
    const fragments = searchFragments();
    for (const q of new Set(fragments)) {
      const page = await call('GET', `/api/patients?q=${encodeURIComponent(q)}`, 200);
      if (!((page.total as number) > 0)) throw new Error(`search "${q}" matched no patient`);
    }
    const search = await timeSequential(READS, async (i) => {
      await call(
        'GET',
        `/api/patients?q=${encodeURIComponent(fragments[i % fragments.length])}`,
        200,
      );
    });

    // 4. A patient's handouts: generated patients with 2 or 3 handouts of 1 to 7 versions each.
    const listed: { id: string }[] = await env.dataSource.query(
      `SELECT p.id FROM patients p
       WHERE p.clinic_id = $1 AND p.mrn >= 'RP-050000'
         AND (SELECT sum(h.latest_version) FROM handouts h WHERE h.patient_id = p.id) >= 6
       ORDER BY p.mrn LIMIT $2`,
      [clinic.id, READS],
    );
    const list = await timeSequential(READS, async (i) => {
      const page = await call('GET', `/api/patients/${listed[i % listed.length].id}/handouts`, 200);
      if (!(page.items as unknown[]).length) throw new Error('a patient without handouts');
    });

    // 5. The patients needing attention (a flag, or three days without a check-in).
    const [{ attentionTotal }] = await env.dataSource.query(
      `SELECT count(DISTINCT pp.patient_id)::int AS "attentionTotal" FROM plan_progress pp
         JOIN patients p ON p.id = pp.patient_id AND p.archived_at IS NULL
        WHERE pp.clinic_id = $1 AND pp.attention_from <= current_date`,
      [clinic.id],
    );
    const firstPage = await call('GET', '/api/patients?attention=true', 200);
    if (firstPage.total !== attentionTotal)
      throw new Error(
        `attention filter: ${String(firstPage.total)} listed, ${attentionTotal} expected`,
      );
    const attention = await timeSequential(READS, async (i) => {
      await call('GET', `/api/patients?attention=true&page=${1 + (i % 20)}`, 200);
    });

    const [{ patients, versions }] = await env.dataSource.query(
      `SELECT (SELECT count(*) FROM patients)::int AS patients,
              (SELECT count(*) FROM handout_versions)::int AS versions`,
    );
    const fmt = (t: Timing) => `${t.p95} ms (p50 ${t.p50}, p99 ${t.p99})`;
    const rows = [
      {
        measure: 'patients in the database',
        figure: patients.toLocaleString('en-US'),
        target: '>= 100,000',
        pass: patients >= PATIENTS,
      },
      {
        measure: 'published handout versions in the database',
        figure: versions.toLocaleString('en-US'),
        target: '>= 1,000,000',
        pass: versions >= VERSIONS,
      },
      {
        measure: `generation: ${generation.rows.toLocaleString('en-US')} rows (patients, handouts, versions)`,
        figure: `${generation.seconds} s, ${generation.rowsPerSecond.toLocaleString('en-US')} rows/s`,
        target: '',
        pass: null,
      },
      {
        measure: 'VACUUM ANALYZE after generation',
        figure: `${generation.vacuumSeconds} s`,
        target: '',
        pass: null,
      },
      {
        measure: 'save draft (PUT /api/handouts/:id/draft) p95',
        figure: fmt(save),
        target: '< 50 ms',
        pass: save.p95 < 50,
      },
      {
        measure: 'publish after an edit (POST /api/handouts/:id/publish) p95',
        figure: fmt(publish),
        target: '< 50 ms',
        pass: publish.p95 < 50,
      },
      {
        measure: 'patient search by part of a name (GET /api/patients?q=) p95',
        figure: fmt(search),
        target: '< 20 ms',
        pass: search.p95 < 20,
      },
      {
        measure: "a patient's handouts (GET /api/patients/:id/handouts) p95",
        figure: fmt(list),
        target: '< 20 ms',
        pass: list.p95 < 20,
      },
      {
        measure: `patients needing attention (GET /api/patients?attention=true, pages 1 to 20 of ${attentionTotal.toLocaleString('en-US')}; ${PLANS.toLocaleString('en-US')} plans, ${CHECK_INS.toLocaleString('en-US')} check-ins) p95`,
        figure: fmt(attention),
        target: '< 20 ms',
        pass: attention.p95 < 20,
      },
    ];
    printTable(
      `Handout builder at scale (${WRITES} sequential writes and ${READS} reads each, over HTTP on loopback)`,
      rows,
    );
    return rows;
  } finally {
    await env.stop();
  }
}

/**
 * Like timeSequential, but `prepare` runs untimed before each timed `work` (warm-up included).
 * `phase` tells the warm-up ('w') and measured ('m') runs apart.
 */
async function timeAfterPreparing(
  count: number,
  prepare: (i: number, phase: string) => Promise<void>,
  work: (i: number) => Promise<void>,
): Promise<Timing> {
  for (let i = 0; i < Math.min(20, count); i++) {
    await prepare(i, 'w');
    await work(i);
  }
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    await prepare(i, 'm');
    const start = process.hrtime.bigint();
    await work(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(samples);
}

/** What a clinician types: part of a first name, of a family name, or a whole name. */
function searchFragments(): string[] {
  return Array.from({ length: 60 }, (_, i) => {
    const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length];
    const family = NAME_PREFIXES[(i * 3) % NAME_PREFIXES.length] + NAME_SUFFIXES[(i * 11) % 20];
    switch (i % 4) {
      case 0:
        return first.slice(0, 3 + (i % 3)).toLowerCase();
      case 1:
        return family.slice(0, 5);
      case 2:
        return family.toLowerCase();
      default:
        return `${first} ${family}`;
    }
  });
}

interface Generation {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  vacuumSeconds: number;
}

/** Bulk rows written with set-based SQL on one connection, then VACUUM ANALYZE. */
async function generate(
  ds: DataSource,
  ownerUrl: string,
  clinicId: string,
  otherClinicId: string,
  clinicianId: string,
): Promise<Generation> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  const started = Date.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    await runner.query(sql, params);
    console.log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    console.log('Generating data...');
    await runner.query(`SET synchronous_commit = off`);
    await runner.query(`SET maintenance_work_mem = '256MB'`);
    await step(
      `${PATIENTS.toLocaleString('en-US')} patients`,
      `INSERT INTO patients (clinic_id, display_name, date_of_birth, mrn, language, archived_at, created_at, updated_at)
       SELECT CASE WHEN g % ${OTHER_CLINIC_EVERY} = 0 THEN $2::uuid ELSE $1::uuid END,
              ($3::text[])[1 + g % 40] || ' ' || ($4::text[])[1 + (g / 40) % 20] || ($5::text[])[1 + (g / 800) % 20],
              date '1930-01-01' + (g * 37) % 30000,
              'RP-' || lpad(g::text, 6, '0'),
              CASE WHEN g % 11 = 0 THEN 'es' ELSE 'en' END,
              CASE WHEN g % 37 = 0 THEN now() - (g % 300) * interval '1 day' END,
              t, t + (g % 90) * interval '1 hour'
       FROM generate_series(1, $6::int) g,
            LATERAL (SELECT now() - interval '3 years' + (g % 1000) * interval '1 day' AS t) c`,
      [clinicId, otherClinicId, FIRST_NAMES, NAME_PREFIXES, NAME_SUFFIXES, PATIENTS],
    );
    await runner.query(
      `CREATE TEMP TABLE bench_patients AS
       SELECT row_number() OVER (ORDER BY mrn) - 1 AS n, id, clinic_id FROM patients WHERE mrn LIKE 'RP-%'`,
    );
    await runner.query(`CREATE UNIQUE INDEX ON bench_patients (n)`);
    // Latest version 4 + (g/2)%4 for even g, 4 - (g/2)%4 for odd: 1..7, exactly 4 on average.
    await step(
      `${HANDOUTS.toLocaleString('en-US')} handouts`,
      `INSERT INTO handouts (clinic_id, patient_id, condition, template_key, draft, revision, latest_version,
         created_by_id, created_at, updated_at)
       SELECT p.clinic_id, p.id, 'low-back-spasm', 'first-72-hours',
              jsonb_build_object('title', ($1::text[])[1 + g % 5], 'note', 'Call us if it is not better in a week.',
                'followUpDate', NULL, 'blocks', '[{"key":"cold-pack","params":{"minutes":15}},{"key":"emergency-signs","params":{}}]'::jsonb),
              1 + g % 9,
              CASE WHEN g % 2 = 0 THEN 4 + (g / 2) % 4 ELSE 4 - (g / 2) % 4 END,
              $2::uuid, t, t + interval '30 days'
       FROM generate_series(0, $3::int - 1) g
       JOIN bench_patients p ON p.n = g % ${PATIENTS},
       LATERAL (SELECT now() - interval '3 years' + (g % 900) * interval '1 day' AS t) c`,
      [TITLES, clinicianId, HANDOUTS],
    );
    const [{ id: blockVersionId }] = await runner.query(
      `SELECT v.id FROM blocks b JOIN block_versions v ON v.id = b.current_version_id
       WHERE b.key = 'emergency-signs' AND b.owner_clinic_id IS NULL`,
    );
    const frozen = JSON.stringify([
      {
        key: 'emergency-signs',
        blockVersionId,
        blockVersion: 1,
        title: 'Emergency warning signs',
        category: 'safety',
        params: {},
      },
    ]);
    // Version k of every handout whose latest version is at least k: 7 statements, 1M rows.
    for (let k = 1; k <= 7; k++) {
      await step(
        `handout versions number ${k}`,
        `INSERT INTO handout_versions (handout_id, clinic_id, number, language, title, note, follow_up_date,
           blocks, html, plain_text, reading_grade, content_hash, published_by_id, published_at)
         SELECT h.id, h.clinic_id, $1::int, 'en', h.draft->>'title', 'Call us if it is not better in a week.',
                (h.created_at + ($1::int * 6 + 14) * interval '1 day')::date,
                $2::jsonb,
                '<article class="handout"><header><h1>' || (h.draft->>'title') || '</h1><p>Version ' || $1::int
                  || ', published ' || to_char(h.created_at + $1::int * interval '6 days', 'YYYY-MM-DD')
                  || '</p></header><section class="block"><h2>Emergency warning signs</h2><p>Call 911 if your legs'
                  || ' get weak or numb, or you cannot control your bladder or bowels.</p></section>'
                  || '<p class="note">Call us if it is not better in a week.</p></article>',
                (h.draft->>'title') || '. Emergency warning signs. Call 911 if your legs get weak or numb, or you'
                  || ' cannot control your bladder or bowels. Call us if it is not better in a week.',
                4.5 + (hashtext(h.id::text) % 20) / 10.0,
                md5(h.id::text || ':' || $1::int),
                $3::uuid,
                h.created_at + $1::int * interval '6 days' + (hashtext(h.id::text) % 600) * interval '1 minute'
         FROM handouts h WHERE h.latest_version >= $1::int`,
        [k, frozen, clinicianId],
      );
    }
    // Day-by-day plans on every 4th handout (62,500), started 0 to 29 days ago and 15 days long,
    // with check-ins on most days so far, so some are flagged (pain 7 or more), some overdue
    // (three days without a check-in) and most not: the "needs attention" filter's real mix.
    await step(
      `${PLANS.toLocaleString('en-US')} plans in progress`,
      `INSERT INTO plan_progress (handout_id, clinic_id, patient_id, start_date, end_date, last_check_in_on, flags, flagged_on)
       SELECT h.id, h.clinic_id, h.patient_id, s.start, s.start + 14,
              CASE WHEN g % 7 = 0 THEN s.start + (g % 3) - 1 ELSE LEAST(current_date, s.start + 14) END,
              CASE WHEN g % 53 = 0 THEN '["Pain 8 on day 2"]'::jsonb ELSE '[]'::jsonb END,
              CASE WHEN g % 53 = 0 THEN s.start + 1 END
         FROM (SELECT id, clinic_id, patient_id, row_number() OVER (ORDER BY id)::int AS g FROM handouts) h,
              LATERAL (SELECT current_date - (h.g % 30)::int AS start) s
        WHERE h.g % 4 = 0`,
    );
    await step(
      'their attention dates',
      `UPDATE plan_progress SET missed_from = m.missed_from, attention_from = LEAST(flagged_on, m.missed_from)
         FROM (SELECT handout_id,
                      CASE WHEN GREATEST(start_date - 1, last_check_in_on) + ${MISSED_CHECK_IN_DAYS + 1} > end_date + 1 THEN NULL
                           ELSE GREATEST(start_date - 1, last_check_in_on) + ${MISSED_CHECK_IN_DAYS + 1} END AS missed_from
                 FROM plan_progress) m
        WHERE plan_progress.handout_id = m.handout_id`,
    );
    await step(
      `${CHECK_INS.toLocaleString('en-US')} check-ins`,
      `INSERT INTO check_ins (clinic_id, handout_id, link_id, version_number, date, day, pain, done, planned)
       SELECT p.clinic_id, p.handout_id, gen_random_uuid(), 1, p.start_date + d, d + 1, (d * 3 + length(p.handout_id::text)) % 8,
              '["knee-to-chest"]'::jsonb, 2
         FROM (SELECT * FROM plan_progress ORDER BY handout_id LIMIT ${CHECK_INS / 4}) p,
              generate_series(0, 3) d`,
    );
    await runner.query(`DROP TABLE bench_patients`);
    const seconds = (Date.now() - started) / 1000;
    const vacuumStart = Date.now();
    // As the tables' owner: run as the app's role, VACUUM skips them with only a warning, and
    // the planner would go on without statistics.
    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const t = Date.now();
      await owner.query(
        `VACUUM (ANALYZE) patients, handouts, handout_versions, plan_progress, check_ins`,
      );
      console.log(`  VACUUM ANALYZE: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } finally {
      await owner.end();
    }
    const vacuumSeconds = (Date.now() - vacuumStart) / 1000;
    const rows = PATIENTS + HANDOUTS + VERSIONS;
    return {
      rows,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / seconds),
      vacuumSeconds: Math.round(vacuumSeconds * 10) / 10,
    };
  } finally {
    await runner.release();
  }
}

if (require.main === module) runAlone(benchBuilder);
