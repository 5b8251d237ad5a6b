import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditService } from '../../src/audit/audit.service';
import { ClinicsService } from '../../src/clinics/clinics.service';
import { UsersService } from '../../src/users/users.service';
import { printTable, Row, runAlone, signInHeaders, startBench } from './harness';

const run = promisify(execFile);
const DURATION_S = 10;
const CONNECTIONS = 32;
/** Patients checking in at once, each through their own link. */
const CHECK_IN_LINKS = 100;

interface CheckInTarget {
  path: string;
  cookie: string;
  token: string;
}

interface LoadResult {
  total: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * The patient's page under load: autocannon, in its own process, against the portal page of a
 * real published handout (cookie already swapped for the token), and against /health in the
 * same run for comparison.
 */
export async function benchPortal(): Promise<Row[]> {
  // The per-address limit exists to stop guessing; a load test from one address must pass it.
  const env = await startBench({ PORTAL_REQUESTS_PER_MINUTE: '1000000' });
  try {
    const clinic = await env.app
      .get(ClinicsService)
      .createClinic({ name: 'Bench clinic', phone: '+1 555 0100' });
    const password = 'bench password long enough';
    const user = await env.app.get(UsersService).createUser(clinic.id, {
      email: 'portal@example.org',
      name: 'Dr Bench',
      role: 'clinician',
      password,
    });
    const headers = {
      ...(await signInHeaders(env.baseUrl, user.email, password)),
      'Content-Type': 'application/json',
    };
    const post = async (path: string, body: object) => {
      const res = await fetch(env.baseUrl + path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, string>;
    };
    const patient = await post('/api/patients', {
      displayName: 'Maria L.',
      dateOfBirth: '1968-03-14',
    });
    const handout = await post(`/api/patients/${patient.id}/handouts`, {
      templateKey: 'first-72-hours',
    });
    await post(`/api/handouts/${handout.id}/publish`, {});
    const link = await post(`/api/handouts/${handout.id}/links`, { requireDateOfBirth: false });

    // Open the link as a phone would: the token becomes a cookie, then the page address.
    const opened = await fetch(`${env.baseUrl}${new URL(link.url).pathname}`, {
      redirect: 'manual',
    });
    const cookie = opened.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const pageUrl = env.baseUrl + opened.headers.get('location');
    const check = await fetch(pageUrl, { headers: { Cookie: cookie } });
    const html = await check.text();
    if (check.status !== 200 || !html.includes('Maria L.'))
      throw new Error(`portal page did not open: ${check.status}`);

    // As a phone asks: compressed. The page is encoded once, when it is first made.
    const phone = { 'Accept-Encoding': 'gzip, deflate, br' };
    const sized = await fetch(pageUrl, { headers: { Cookie: cookie, ...phone } });
    const wireBytes = Number(sized.headers.get('content-length'));
    const encoding = sized.headers.get('content-encoding');
    const health = await load(`${env.baseUrl}/health`, phone);
    const portal = await load(pageUrl, { Cookie: cookie, ...phone });
    await env.app.get(AuditService).flush();
    const [{ count }] = await env.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE action = 'portal.opened'`,
    );

    // Check-ins from many patients at once: one link each, as their phones post the form.
    const targets: CheckInTarget[] = [];
    for (let i = 0; i < CHECK_IN_LINKS; i++) {
      const p = await post('/api/patients', {
        displayName: `Patient ${i}`,
        dateOfBirth: '1970-01-01',
      });
      const h = await post(`/api/patients/${p.id}/handouts`, { templateKey: 'first-72-hours' });
      await post(`/api/handouts/${h.id}/publish`, {});
      const l = await post(`/api/handouts/${h.id}/links`, { requireDateOfBirth: false });
      const open = await fetch(`${env.baseUrl}${new URL(l.url).pathname}`, { redirect: 'manual' });
      const linkCookie = open.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const path = open.headers.get('location') as string;
      const page = await (
        await fetch(env.baseUrl + path, { headers: { Cookie: linkCookie } })
      ).text();
      const token = /name="check" value="([^"]+)"/.exec(page)?.[1];
      if (!token) throw new Error('the portal page has no check-in form');
      targets.push({ path: `${path}/check-ins`, cookie: linkCookie, token });
    }
    const checkIns = await loadCheckIns(env.baseUrl, targets);
    // Half as many patients posting at the same instant (the load tool waits for each answer).
    const checkInsHalf = await loadCheckIns(env.baseUrl, targets, CONNECTIONS / 2);
    const [{ rows: checkInRows, audited }] = await env.dataSource.query(
      `SELECT (SELECT count(*)::int FROM check_ins) AS rows,
              (SELECT count(*)::int FROM audit_events WHERE action = 'portal.checked_in') AS audited`,
    );
    // The page again after the check-ins: it now carries today's saved check-in.
    const pageAfter = await load(pageUrl, { Cookie: cookie, ...phone });
    const ratio = portal.requestsPerSecond / health.requestsPerSecond;
    const rows: Row[] = [
      {
        measure: `/health (${CONNECTIONS} connections, ${DURATION_S} s)`,
        figure: describe(health),
        target: '',
        pass: null,
      },
      {
        measure: `portal page, ${Math.round(html.length / 1024)} KB, ${Math.round(wireBytes / 1024)} KB sent as ${encoding} (${CONNECTIONS} connections, ${DURATION_S} s)`,
        figure: describe(portal),
        target: '',
        pass: null,
      },
      {
        measure: 'portal throughput',
        figure: `${Math.round(portal.requestsPerSecond)} req/s`,
        target: '>= 1000 req/s',
        pass: portal.requestsPerSecond >= 1000,
      },
      {
        measure: 'portal p99 latency',
        figure: `${portal.p99} ms`,
        target: '< 50 ms',
        pass: portal.p99 < 50,
      },
      {
        measure: 'portal / health throughput',
        figure: `${Math.round(ratio * 100)}%`,
        target: '>= 50%',
        pass: ratio >= 0.5,
      },
      {
        measure: 'page sent compressed',
        figure: `${encoding}, ${Math.round((wireBytes / Buffer.byteLength(html)) * 100)}% of its size`,
        target: 'br or gzip',
        pass: encoding === 'br' || encoding === 'gzip',
      },
      {
        measure: 'opens written to the audit trail',
        figure: `${count} (pages served: ${portal.total})`,
        target: 'one per page served',
        pass: count >= portal.total,
      },
      {
        measure: 'errors and non-2xx answers',
        figure: `${portal.errors} / ${portal.non2xx}`,
        target: '0 / 0',
        pass: portal.errors + portal.non2xx === 0,
      },
      {
        measure: `check-ins posted (${CHECK_IN_LINKS} links, form POST, ${CONNECTIONS} connections, ${DURATION_S} s)`,
        figure: describe(checkIns),
        target: '',
        pass: null,
      },
      {
        measure: `check-ins at ${CONNECTIONS} connections: throughput; p99`,
        figure: `${Math.round(checkIns.requestsPerSecond)} check-ins/s; p99 ${checkIns.p99} ms`,
        target: '>= 500 /s; p99 < 50 ms',
        pass: checkIns.requestsPerSecond >= 500 && checkIns.p99 < 50,
      },
      {
        measure: `check-ins at ${CONNECTIONS / 2} connections: throughput; p99 (p50 ${checkInsHalf.p50} ms; errors ${checkInsHalf.errors} / ${checkInsHalf.non2xx})`,
        figure: `${Math.round(checkInsHalf.requestsPerSecond)} check-ins/s; p99 ${checkInsHalf.p99} ms`,
        target: '>= 500 /s; p99 < 50 ms',
        pass:
          checkInsHalf.requestsPerSecond >= 500 &&
          checkInsHalf.p99 < 50 &&
          checkInsHalf.errors + checkInsHalf.non2xx === 0,
      },
      {
        measure: 'check-ins stored: one per link and day; each audited',
        // The load tool counts answers received; a few posts in flight when it stops are saved
        // (and audited) after its count.
        figure: `${checkInRows} rows; ${audited} audited for ${checkIns.total + checkInsHalf.total} answered; errors ${checkIns.errors} / ${checkIns.non2xx}`,
        target: `${CHECK_IN_LINKS} rows; each answered one audited; 0 / 0`,
        pass:
          checkInRows === CHECK_IN_LINKS &&
          audited >= checkIns.total + checkInsHalf.total &&
          audited <= checkIns.total + checkInsHalf.total + 2 * CONNECTIONS &&
          checkIns.errors + checkIns.non2xx === 0,
      },
      {
        measure: 'portal page after the check-ins (with today’s check-in shown)',
        figure: describe(pageAfter),
        target: '>= 1000 req/s, p99 < 50 ms',
        pass: pageAfter.requestsPerSecond >= 1000 && pageAfter.p99 < 50,
      },
    ];
    printTable(`Portal page under load (${TOOL} in a separate process, loopback)`, rows);
    return rows;
  } finally {
    await env.stop();
  }
}

/**
 * wrk (C, light on the CPU the server shares) when installed, else autocannon (Node);
 * BENCH_LOAD_TOOL=autocannon chooses autocannon.
 */
const TOOL = process.env.BENCH_LOAD_TOOL === 'autocannon' || !hasWrk() ? 'autocannon' : 'wrk';

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is "not installed".
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

async function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  return TOOL === 'wrk' ? loadWithWrk(url, headers) : loadWithAutocannon(url, headers);
}

async function loadWithWrk(
  url: string,
  headers: Record<string, string>,
  extra: string[] = [],
  connections = CONNECTIONS,
): Promise<LoadResult> {
  const args = [
    '-t',
    '1',
    '-c',
    String(connections),
    '-d',
    `${DURATION_S}s`,
    '--latency',
    ...extra,
  ];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('wrk', [...args, url]);
  const number = (re: RegExp) => {
    const m = re.exec(stdout);
    if (!m) throw new Error(`wrk output not understood (${re}):\n${stdout}`);
    return m;
  };
  const ms = (m: RegExpExecArray) =>
    Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]];
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    stdout,
  );
  return {
    total: Number(number(/(\d+) requests in/)[1]),
    requestsPerSecond: Number(number(/Requests\/sec:\s+([\d.]+)/)[1]),
    p50: Math.round(ms(number(/50%\s+([\d.]+)(us|ms|s)/)) * 10) / 10,
    p99: Math.round(ms(number(/99%\s+([\d.]+)(us|ms|s)/)) * 10) / 10,
    errors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
  };
}

async function loadWithAutocannon(
  url: string,
  headers: Record<string, string>,
): Promise<LoadResult> {
  const args = [
    require.resolve('autocannon/autocannon.js'),
    '-c',
    String(CONNECTIONS),
    '-d',
    String(DURATION_S),
    '-j',
  ];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const { stdout } = await run(process.execPath, [...args, url], { maxBuffer: 64 * 1024 * 1024 });
  return autocannonResult(stdout);
}

/** autocannon's JSON summary as a LoadResult. */
function autocannonResult(stdout: string): LoadResult {
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    total: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * Posts check-ins round-robin over the links, as their form would (wrk with a Lua script, or
 * autocannon in a child process when wrk is not installed). Every answer should be the 303
 * back to the page.
 */
async function loadCheckIns(
  baseUrl: string,
  targets: CheckInTarget[],
  connections = CONNECTIONS,
): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'check-in-load-'));
  // Each patient from their own address, as phones are: the per-address limit counts each.
  const requests = targets.map((t, i) => ({
    path: t.path,
    cookie: t.cookie,
    ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    body: `check=${encodeURIComponent(t.token)}&pain=${i % 8}&done=knee-to-chest&walkedMinutes=${5 + (i % 20)}`,
  }));
  try {
    if (TOOL === 'wrk') {
      const script = join(dir, 'check-ins.lua');
      writeFileSync(
        script,
        `local reqs = {${requests
          .map(
            (r) => `{${[r.path, r.cookie, r.body, r.ip].map((v) => JSON.stringify(v)).join(',')}}`,
          )
          .join(',\n')}}
local i = 0
request = function()
  i = i % #reqs + 1
  local r = reqs[i]
  return wrk.format("POST", r[1], { ["Cookie"] = r[2], ["Content-Type"] = "application/x-www-form-urlencoded", ["Sec-Fetch-Site"] = "same-origin", ["X-Forwarded-For"] = r[4] }, r[3])
end
`,
      );
      return await loadWithWrk(baseUrl, {}, ['-s', script], connections);
    }
    const script = join(dir, 'check-ins.js');
    writeFileSync(
      script,
      `const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
const reqs = ${JSON.stringify(requests)};
let i = 0;
autocannon({ url: ${JSON.stringify(baseUrl)}, connections: ${connections}, duration: ${DURATION_S},
  requests: [{ method: 'POST', setupRequest: (req) => { const r = reqs[i++ % reqs.length];
    return { ...req, path: r.path, body: r.body, headers: { Cookie: r.cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-For': r.ip } }; } }],
}, (err, result) => { if (err) throw err; process.stdout.write(JSON.stringify({
  requests: result.requests, latency: result.latency, errors: result.errors,
  non2xx: result['non2xx'] - (result.statusCodeStats['303']?.count ?? 0) })); });`,
    );
    const { stdout } = await run(process.execPath, [script], { maxBuffer: 64 * 1024 * 1024 });
    return autocannonResult(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(r: LoadResult): string {
  return `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`;
}

if (require.main === module) runAlone(benchPortal);
