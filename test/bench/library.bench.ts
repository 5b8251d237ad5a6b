import { randomBytes } from 'node:crypto';
import { ClinicsService } from '../../src/clinics/clinics.service';
import { UsersService } from '../../src/users/users.service';
import { printTable, runAlone, signInHeaders, startBench, timeSequential } from './harness';

const BLOCKS = 1000;
const REQUESTS = 400;
const WORDS = [
  'stretch',
  'walk',
  'heat',
  'breathe',
  'lift',
  'water',
  'sleep',
  'chair',
  'knee',
  'rest',
  'pain',
  'back',
];

/** Library listing and search with 1,000 blocks: p95 under 20 ms. */
export async function benchLibrary() {
  const env = await startBench();
  try {
    const clinic = await env.app.get(ClinicsService).createClinic({ name: 'Bench clinic' });
    const password = 'bench password long enough';
    const user = await env.app.get(UsersService).createUser(clinic.id, {
      email: 'bench@example.org',
      name: 'Bench',
      role: 'editor',
      password,
    });
    await generateBlocks(env.dataSource, clinic.id, BLOCKS - 31);
    const [{ count }] = await env.dataSource.query(`SELECT count(*)::int AS count FROM blocks`);

    const headers = await signInHeaders(env.baseUrl, user.email, password);
    const get = async (path: string) => {
      const res = await fetch(env.baseUrl + path, { headers });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
    };
    const list = await timeSequential(REQUESTS, () => get('/api/blocks'));
    const search = await timeSequential(REQUESTS, (i) =>
      get(`/api/blocks?q=${WORDS[i % WORDS.length]}`),
    );
    const twoWords = await timeSequential(REQUESTS, (i) =>
      get(
        `/api/blocks?q=${WORDS[i % WORDS.length]}%20${WORDS[(i + 5) % WORDS.length]}&category=exercise`,
      ),
    );
    const rows = [
      {
        measure: `blocks in the library`,
        figure: String(count),
        target: '1000',
        pass: count >= 1000,
      },
      {
        measure: 'list, first page of 50 with total (GET /api/blocks) p95',
        figure: `${list.p95} ms (p50 ${list.p50})`,
        target: '< 20 ms',
        pass: list.p95 < 20,
      },
      {
        measure: 'search one word p95',
        figure: `${search.p95} ms (p50 ${search.p50})`,
        target: '< 20 ms',
        pass: search.p95 < 20,
      },
      {
        measure: 'search two words + category p95',
        figure: `${twoWords.p95} ms (p50 ${twoWords.p50})`,
        target: '< 20 ms',
        pass: twoWords.p95 < 20,
      },
    ];
    printTable(`Library (${REQUESTS} sequential requests each, over HTTP on loopback)`, rows);
    return rows;
  } finally {
    await env.stop();
  }
}

/** Clinic blocks with realistic text, written straight into the tables in one statement each. */
async function generateBlocks(
  ds: import('typeorm').DataSource,
  clinicId: string,
  n: number,
): Promise<void> {
  const categories = ['about', 'relief', 'movement', 'exercise', 'self-care', 'prevention'];
  const sentence = (i: number) =>
    Array.from({ length: 12 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ') + '.';
  const rows = Array.from({ length: n }, (_, i) => ({
    key: `bench-${i}-${randomBytes(3).toString('hex')}`,
    category: categories[i % categories.length],
    title: `Bench block ${i} ${WORDS[i % WORDS.length]}`,
    body: Array.from({ length: 8 }, (_, j) => sentence(i + j)).join('\n\n'),
  }));
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO blocks (key, owner_clinic_id, category, conditions)
       SELECT key, $1, category, ARRAY['low-back-spasm'] FROM jsonb_to_recordset($2::jsonb) AS r(key text, category text)`,
      [clinicId, JSON.stringify(rows)],
    );
    await m.query(
      `INSERT INTO block_versions (block_id, number, language, status, title, summary, category, conditions, body, parameters, sources,
         reading_grade, smog_grade, content_hash, search_text, approved_at)
       SELECT b.id, 1, 'en', 'approved', r.title, 'A generated block.', r.category, ARRAY['low-back-spasm'], r.body,
         '[{"name":"minutes","type":"integer","label":"Minutes","min":1,"max":30,"default":10}]'::jsonb,
         '[{"title":"Generated","publisher":"Bench","year":2026}]'::jsonb, 4.2, 5.1, md5(r.key), lower(r.key || ' ' || r.title || ' ' || r.body), now()
       FROM jsonb_to_recordset($2::jsonb) AS r(key text, category text, title text, body text)
       JOIN blocks b ON b.key = r.key AND b.owner_clinic_id = $1`,
      [clinicId, JSON.stringify(rows)],
    );
    await m.query(
      `UPDATE blocks b SET current_version_id = v.id FROM block_versions v WHERE v.block_id = b.id AND b.owner_clinic_id = $1`,
      [clinicId],
    );
  });
}

if (require.main === module) runAlone(benchLibrary);
