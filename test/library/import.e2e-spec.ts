import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/database-options';
import { LibraryImporter, STARTER_DIR } from '../../src/library/library-importer';
import { runCli } from '../../src/cli/cli';
import { testConfig, testDatabaseUrl, testOwnerUrl } from '../support/test-app';

/** The starter library files are imported idempotently: changed → new version, nothing deleted. */
describe('starter library import', () => {
  let ds: DataSource;
  let dir: string;

  beforeAll(async () => {
    ds = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
    dir = mkdtempSync(join(tmpdir(), 'starter-'));
    cpSync(STARTER_DIR, dir, { recursive: true });
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const versionsOf = (key: string, language = 'en') =>
    ds.query(
      `SELECT v.number, v.status, v.title FROM block_versions v JOIN blocks b ON b.id = v.block_id
       WHERE b.key = $1 AND b.owner_clinic_id IS NULL AND v.language = $2 ORDER BY v.number`,
      [key, language],
    );

  it('changes nothing when the files are unchanged', async () => {
    const report = await new LibraryImporter(ds).importStarterLibrary(dir);
    const shipped = readdirSync(join(dir, 'blocks')).filter((f) => f.endsWith('.md')).length;
    expect(shipped).toBeGreaterThanOrEqual(44);
    expect(report.blocks).toEqual({ created: [], updated: [], unchanged: shipped });
    expect(report.templates).toEqual({ created: [], updated: [], unchanged: 4 });
    const spanish = readdirSync(join(dir, 'blocks', 'es')).filter((f) => f.endsWith('.md')).length;
    expect(spanish).toBe(shipped);
    expect(report.translations).toEqual({ created: [], updated: [], unchanged: spanish });
  });

  it('imports every block in Spanish too, scored in Spanish and marked as not yet checked by a reader', async () => {
    const rows: { language: string; n: string }[] = await ds.query(
      `SELECT v.language, count(DISTINCT b.id) AS n FROM block_versions v JOIN blocks b ON b.id = v.block_id
       WHERE b.owner_clinic_id IS NULL AND v.status = 'approved' GROUP BY v.language ORDER BY 1`,
    );
    const shipped = readdirSync(join(dir, 'blocks')).filter((f) => f.endsWith('.md')).length;
    expect(rows).toEqual([
      { language: 'en', n: String(shipped) },
      { language: 'es', n: String(shipped) },
    ]);
    const [es] = await ds.query(
      `SELECT v.title, v.reading_grade, v.reading_ease, v.translation_checked_by, v.parameters, v.category
         FROM block_versions v JOIN blocks b ON b.id = v.block_id
        WHERE b.key = 'cold-pack' AND b.owner_clinic_id IS NULL AND v.language = 'es'`,
    );
    const [en] = await ds.query(
      `SELECT v.parameters, v.category FROM blocks b JOIN block_versions v ON v.id = b.current_version_id
        WHERE b.key = 'cold-pack' AND b.owner_clinic_id IS NULL`,
    );
    expect(es.title).toMatch(/compresa/i);
    expect(es.reading_grade).toBeNull();
    expect(es.reading_ease).toBeGreaterThanOrEqual(65);
    expect(es.translation_checked_by).toBeNull();
    // Shared with the English version: the clinician's values carry over.
    expect(es.parameters).toEqual(en.parameters);
    expect(es.category).toBe(en.category);
    const [template] = await ds.query(
      `SELECT v.translations FROM protocols p JOIN protocol_versions v ON v.id = p.current_version_id WHERE p.key = 'first-72-hours'`,
    );
    expect(template.translations.es.title).toMatch(/72 horas/);
  });

  it('refuses a Spanish file that drops an emergency sign, naming it, and writes nothing', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'starter-es-'));
    cpSync(STARTER_DIR, broken, { recursive: true });
    const file = join(broken, 'blocks', 'es', 'emergency-signs.md');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const sign = lines.findIndex((l) => /^> - /.test(l));
    lines.splice(sign, 1);
    writeFileSync(file, lines.join('\n'));
    const before = await ds.query(`SELECT count(*) FROM block_versions`);
    await expect(new LibraryImporter(ds).importStarterLibrary(broken)).rejects.toThrow(
      /es\/emergency-signs\.md: body: the English version's emergency boxes list 8 signs; the Spanish version's must list as many \(it has 7\)/,
    );
    expect(await ds.query(`SELECT count(*) FROM block_versions`)).toEqual(before);
    rmSync(broken, { recursive: true, force: true });
  });

  it('makes a changed file a new approved version, keeps the old one, and deletes nothing', async () => {
    const file = join(dir, 'blocks', 'sleep-comfort.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Sleeping well with a sore back'),
    );
    rmSync(join(dir, 'blocks', 'massage.md'));
    rmSync(join(dir, 'blocks', 'es', 'massage.md'));
    const report = await new LibraryImporter(ds).importStarterLibrary(dir);
    expect(report.blocks.updated).toEqual(['sleep-comfort']);
    const versions = await versionsOf('sleep-comfort');
    // Numbers count the block's versions in every language: its Spanish version is number 2.
    expect(versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [1, 'approved'],
      [3, 'approved'],
    ]);
    const [{ title }] = await ds.query(
      `SELECT v.title FROM blocks b JOIN block_versions v ON v.id = b.current_version_id WHERE b.key = 'sleep-comfort' AND b.owner_clinic_id IS NULL`,
    );
    expect(title).toBe('Sleeping well with a sore back');
    expect(await versionsOf('massage')).toHaveLength(1);
    // Running it again is a no-op.
    const again = await new LibraryImporter(ds).importStarterLibrary(dir);
    expect(again.blocks.updated).toEqual([]);
  });

  it('refuses a broken file, naming it, and writes nothing', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'starter-broken-'));
    cpSync(STARTER_DIR, broken, { recursive: true });
    writeFileSync(
      join(broken, 'blocks', 'heat.md'),
      readFileSync(join(broken, 'blocks', 'heat.md'), 'utf8').replace('default: 20', 'default: 90'),
    );
    const shared = `SELECT count(*) FROM block_versions v JOIN blocks b ON b.id = v.block_id WHERE b.owner_clinic_id IS NULL`;
    const before = await ds.query(shared);
    await expect(new LibraryImporter(ds).importStarterLibrary(broken)).rejects.toThrow(
      /heat\.md: parameters\[0\] \(minutes\): default must be between 10 and 30/,
    );
    expect(await ds.query(shared)).toEqual(before);
    rmSync(broken, { recursive: true, force: true });
  });

  it('runs from the command line', async () => {
    const out: string[] = [];
    const code = await runCli(
      ['import-library'],
      testConfig(),
      async () => ({ url: testDatabaseUrl(), ownerUrl: testOwnerUrl() }),
      {
        out: (l) => out.push(l),
        err: () => undefined,
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out[0]).templates.unchanged).toBe(4);
  });
});
