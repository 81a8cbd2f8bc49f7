// The impact analysis at scale: a million stored scorecard decisions (copies of real evaluations,
// spread over a year, in a scratch PostgreSQL database) re-evaluated with the version in force and
// a draft that weighs complaints three times, through the server's own impact service. Reports the
// wall time, decisions per second and the process's peak memory above where it started (the
// analysis reads a page at a time: memory stays bounded whatever the number of decisions).
import { performance } from 'node:perf_hooks';
import { GUIDELINE_POLICIES, type Actor, type ScorecardDocument } from '@precept/schema';
import { createLogger, createServer, loadConfig } from '@precept/server';
import pg from 'pg';
import { loadDecisions } from './decision-loader.js';
import { BENCH_KEYS, createScratchDatabase, databaseUrlOf } from './scratch-database.js';

/** What the impact bench measured. */
export interface ImpactBenchReport {
  decisions: number;
  seconds: number;
  decisionsPerSecond: number;
  /** CPU time of the bench process (every thread) per decision, in µs: less sensitive to a busy machine than the wall time. */
  cpuMicrosPerDecision: number;
  changed: number;
  errors: number;
  /** Resident memory at the start of the analysis and its peak during it, in MiB. */
  rssStartMb: number;
  rssPeakMb: number;
  loadSeconds: number;
  notes: string[];
}

const SCORECARD = 'service-performance-scorecard';
const AUTHOR: Actor = { id: 'bench-author', kind: 'user', credential: 'bench', roles: ['author'] };

/** The scratch database of a run: a new one (dropped afterwards), or `name` kept between runs. */
async function openScratch(serverUrl: string, name: string | undefined): Promise<{ url: string; loaded: boolean; drop: () => Promise<void> }> {
  if (name === undefined) return { ...(await createScratchDatabase(serverUrl)), loaded: false };
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [name])).rowCount === 1;
  await admin.end();
  if (!exists) await createScratchDatabase(serverUrl, name);
  return { url: databaseUrlOf(serverUrl, name), loaded: exists, drop: () => Promise.resolve() };
}

/**
 * Runs the impact bench on a scratch database: a new one dropped afterwards, or with `database`
 * one kept between runs (loaded by the first, reused as it is by the next).
 */
export async function runImpactBench(options: {
  quick: boolean;
  log: (message: string) => void;
  databaseUrl?: string | undefined;
  database?: string | undefined;
}): Promise<ImpactBenchReport> {
  const { log } = options;
  const rows = options.quick ? 50_000 : 1_000_000;
  const serverUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = await openScratch(serverUrl, options.database);
  const server = await createServer(
    loadConfig({
      DATABASE_URL: scratch.url,
      NODE_ENV: 'production',
      PRECEPT_SEED: '1',
      PRECEPT_DEMO: '0',
      PRECEPT_SWEEP_INTERVAL_MS: '0',
      PRECEPT_RETENTION_INTERVAL_MS: '0',
      PRECEPT_ADMIN_USERNAME: 'bench-admin,bench-admin2',
      PRECEPT_ADMIN_PASSWORD: 'bench-admin-password',
      LOG_LEVEL: 'warn',
      ...BENCH_KEYS,
    }),
    { log: createLogger('warn') },
  );
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    const loadStarted = performance.now();
    if (scratch.loaded) {
      log(`impact: reusing the decisions of ${options.database!}`);
    } else {
      log(`impact: loading ${rows.toLocaleString('en')} scorecard decisions`);
      await loadDecisions(client, server, { rows, months: 12, policyKeys: [SCORECARD], log: (m) => log(`impact: ${m}`) });
    }
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;

    const author = server.createCaller(AUTHOR);
    const draft = await author.policies.createDraft({ policyKey: SCORECARD, fromVersion: 1 });
    const document = structuredClone(GUIDELINE_POLICIES.find((p) => p.policy.key === SCORECARD)!.document) as ScorecardDocument;
    for (const line of document.lines) if (line.id.includes('complaint')) line.points = { ...line.points, value: line.points.value * 3 };
    const updated = await author.policies.updateDraft({ policyKey: SCORECARD, version: draft.version, lockVersion: draft.lockVersion, document });

    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);
    log('impact: re-evaluating with the version in force and the draft');
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const from = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const report = await server.services.impact.run(AUTHOR, { policyKey: SCORECARD, version: draft.version, from }, { wait: true });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    clearInterval(sampler);
    // A kept database is measured again: the draft goes, so the next run makes its own.
    if (options.database !== undefined) {
      await author.policies.discardDraft({ policyKey: SCORECARD, version: draft.version, lockVersion: updated.lockVersion });
    }
    if (report.status !== 'done' || report.summary === null) throw new Error(`the impact report ended ${report.status}: ${report.error ?? ''}`);
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    const result: ImpactBenchReport = {
      decisions: report.summary.evaluated + report.summary.errors,
      seconds: Math.round(seconds * 10) / 10,
      decisionsPerSecond: Math.round((report.summary.evaluated + report.summary.errors) / seconds),
      cpuMicrosPerDecision: Math.round((cpu.user + cpu.system) / (report.summary.evaluated + report.summary.errors)),
      changed: report.summary.changed,
      errors: report.summary.errors,
      rssStartMb: mb(rssStart),
      rssPeakMb: mb(rssPeak),
      loadSeconds,
      notes: [
        `PostgreSQL scratch database ${new URL(scratch.url).pathname.slice(1)} (${options.database === undefined ? 'dropped afterwards' : 'kept'}); the server in the bench process`,
        `${report.casesStored.toLocaleString('en')} changed cases stored (at most 50,000)`,
      ],
    };
    log(
      `impact: ${result.decisions.toLocaleString('en')} decisions in ${result.seconds} s (${result.decisionsPerSecond.toLocaleString('en')}/s), ` +
        `${result.changed.toLocaleString('en')} changed, memory ${result.rssStartMb} → peak ${result.rssPeakMb} MiB`,
    );
    return result;
  } finally {
    await client.end();
    await server.close();
    await scratch.drop();
  }
}
