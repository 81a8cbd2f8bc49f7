// Scores every outlet in a CSV with the guideline's service performance scorecard, as of a date,
// through a running Precept server, and prints a table.
//
//   npx -y pnpm@10.34.9 --filter @precept/example-score-outlets score --as-of 2026-06-30 outlets.csv
//
// Options: --url (default http://127.0.0.1:3000, or PRECEPT_URL), --api-key (or PRECEPT_API_KEY),
// --as-of YYYY-MM-DD (default today), --local (download the bundle and evaluate in-process) with
// --public-key FILE (the server's signing key, PEM; or PRECEPT_PUBLIC_KEY_FILE) and optionally
// --bundle-file FILE (keep the last good bundle there and start from it when the server is down).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createClient, type PreceptClient } from '@precept/sdk';
import { fileBundleStore } from '@precept/sdk/node';
import { readOutlets } from './outlets-csv.js';
import { SCORECARD_POLICY, formatTable, scoreOutlets } from './score-outlets.js';

/** Where the example writes. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

/** Runs the example with command-line arguments; resolves with the process exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      // `pnpm score -- --as-of …` passes the `--` through; it is not an end of options here.
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'as-of': { type: 'string' },
        local: { type: 'boolean', default: false },
        'public-key': { type: 'string' },
        'bundle-file': { type: 'string' },
      },
    });
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const file = args.positionals[0] ?? new URL('../outlets.csv', import.meta.url).pathname;
  const url = args.values.url ?? io.env.PRECEPT_URL ?? 'http://127.0.0.1:3000';
  const apiKey = args.values['api-key'] ?? io.env.PRECEPT_API_KEY;
  const asOf = args.values['as-of'] ?? new Date().toISOString().slice(0, 10);

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { outlets, problems } = readOutlets(text);
  for (const problem of problems) io.err(`${file}:${problem.line}: ${problem.message}`);

  let publicKey: string | undefined;
  const publicKeyFile = args.values['public-key'] ?? io.env.PRECEPT_PUBLIC_KEY_FILE;
  if (args.values.local) {
    if (publicKeyFile === undefined) {
      io.err(
        '--local needs --public-key FILE: the server signs its bundles, and the SDK checks them against its public key (printed at its first start, and served by GET /trpc/system.signingKey)',
      );
      return 2;
    }
    try {
      publicKey = await readFile(publicKeyFile, 'utf8');
    } catch (error) {
      io.err(`cannot read ${publicKeyFile}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }
  const bundleFile = args.values['bundle-file'];

  const client = createClient({ url, ...(apiKey ? { apiKey } : {}) });
  let evaluator: Pick<PreceptClient, 'evaluateBatch'> = client;
  let local: ReturnType<PreceptClient['local']> | null = null;
  if (publicKey !== undefined) {
    try {
      local = client.local({
        publicKey,
        policies: [SCORECARD_POLICY],
        ...(bundleFile === undefined ? {} : { store: fileBundleStore(bundleFile) }),
        onEvent: (event) => {
          if (event.type !== 'saved') io.err(event.message);
        },
      });
    } catch (error) {
      io.err(`${publicKeyFile}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }
  if (local) {
    const ready = await local.ready({ signal: AbortSignal.timeout(15_000) });
    if (!ready.ok) {
      io.err(`cannot load the policy bundle from ${url}: ${ready.error.message}`);
      await local.close();
      return 1;
    }
    evaluator = local;
  }
  try {
    const scored = await scoreOutlets(evaluator, outlets, asOf);
    if (!scored.ok) {
      io.err(`cannot score with ${url}: ${scored.error.code} ${scored.error.message}`);
      return 1;
    }
    const first = scored.value.find((score) => score.result.ok)?.result;
    const version = first?.ok ? ` v${first.value.version} (${first.value.contentHash.slice(0, 12)})` : '';
    io.out(
      `${SCORECARD_POLICY}${version} as of ${asOf}, ${outlets.length} outlets, ${local ? 'local' : 'remote'} evaluation\n`,
    );
    io.out(formatTable(scored.value));
    return scored.value.every((score) => score.result.ok) && problems.length === 0 ? 0 : 1;
  } finally {
    await local?.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
