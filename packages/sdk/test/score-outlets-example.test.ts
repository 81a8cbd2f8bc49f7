// The business-line example (examples/score-outlets) run against a fresh server: its main function
// scores the sample CSV remotely and locally and prints the same table.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../examples/score-outlets/src/main.js';
import { parseCsv, readOutlets } from '../../../examples/score-outlets/src/outlets-csv.js';
import { closedPortUrl, newDataDir, removeDataDir, startServer, type TestServer } from './server-harness.js';

let server: TestServer;
let scratch: string;
let publicKeyFile: string;

beforeAll(async () => {
  server = await startServer(await newDataDir());
  scratch = await mkdtemp(join(tmpdir(), 'precept-example-'));
  publicKeyFile = join(scratch, 'precept-signing.pem');
  await writeFile(publicKeyFile, server.publicKey);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { PRECEPT_API_KEY: server.apiKey },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('examples/score-outlets', () => {
  it('scores every outlet of the sample CSV as of a date and prints a table', async () => {
    const { code, out, err } = await run(['--url', server.url, '--as-of', '2026-06-30']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('service-performance-scorecard v1');
    expect(out).toContain('as of 2026-06-30, 6 outlets, remote evaluation');
    for (const id of ['OUT-0101', 'OUT-0102', 'OUT-0103', 'OUT-0104', 'OUT-0105', 'OUT-0106'])
      expect(out).toContain(id);
    expect(out).toMatch(/^outlet\s+name\s+total\s+grade/m);
  });

  it('prints the same table when evaluating locally from the bundle', async () => {
    const remote = await run(['--url', server.url, '--as-of', '2026-06-30']);
    const local = await run(['--url', server.url, '--as-of', '2026-06-30', '--local', '--public-key', publicKeyFile]);
    expect(local.err).toBe('');
    expect(local.code).toBe(0);
    expect(local.out.replace('local evaluation', 'remote evaluation')).toBe(remote.out);
  });

  it('keeps the bundle in a file and scores from it with the server down, saying how old it is', async () => {
    const bundleFile = join(scratch, 'bundle.json');
    const local = ['--as-of', '2026-06-30', '--local', '--public-key', publicKeyFile, '--bundle-file', bundleFile];
    const first = await run(['--url', server.url, ...local]);
    expect(first.code).toBe(0);
    expect(JSON.parse(await readFile(bundleFile, 'utf8'))).toMatchObject({ format: 'precept-saved-bundle/1' });
    const down = await run(['--url', await closedPortUrl(), ...local]);
    expect(down.code).toBe(0);
    expect(down.err).toMatch(/started from the saved bundle \S+, downloaded \S+ \(\d+ s ago\)/);
    expect(down.out).toBe(first.out);
  });

  it('refuses --local without the public key, and says where to get it', async () => {
    const { code, err } = await run(['--url', server.url, '--local']);
    expect(code).toBe(2);
    expect(err).toContain('--local needs --public-key FILE');
  });

  it('says what is wrong when the server cannot be reached', async () => {
    const url = await closedPortUrl();
    const { code, err } = await run(['--url', url, '--as-of', '2026-06-30']);
    expect(code).toBe(1);
    expect(err).toContain(`cannot score with ${url}: UNAVAILABLE cannot reach the server`);
    expect(err).toContain('ECONNREFUSED');
  });
});

describe('the example CSV reader', () => {
  it.each([
    {
      text: 'a,b\n1,2\n',
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    },
    {
      text: 'a,b\r\n"x, y","say ""hi"""\r\n',
      rows: [
        ['a', 'b'],
        ['x, y', 'say "hi"'],
      ],
    },
    { text: 'a\n"multi\nline"', rows: [['a'], ['multi\nline']] },
    {
      text: 'a,b\n\n1,\n',
      rows: [
        ['a', 'b'],
        ['1', ''],
      ],
    },
  ])('parses $text', ({ text, rows }) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('keeps text columns, converts figures, omits empty cells and reports bad ones', () => {
    const { outlets, problems } = readOutlets(
      'outletId,regionType,complaints,socialSatisfactionRate\nO-1,other,3,\nO-2,other,many,90\n,other,1,1\n',
    );
    expect(outlets).toEqual([
      { outletId: 'O-1', regionType: 'other', complaints: 3 },
      { outletId: 'O-2', regionType: 'other', socialSatisfactionRate: 90 },
    ]);
    expect(problems).toEqual([
      { line: 3, message: 'complaints is not a number: "many"' },
      { line: 4, message: 'outletId is empty' },
    ]);
  });
});
