// Starts a real Precept server in-process on a temporary PGlite data folder (seeded with the
// guideline's default policies) for the SDK's remote and local tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, loadConfig, type PreceptServer } from '@precept/server';

/** A running test server. */
export interface TestServer {
  server: PreceptServer;
  url: string;
  port: number;
  dataDir: string;
  /** A business-line API key (scopes `evaluate` and `bundles`) issued by this server's database. */
  apiKey: string;
  /** The server's signing public key (SPKI PEM), what local evaluators verify bundles with. */
  publicKey: string;
  /** Stops the server (the data folder stays for a restart). */
  stop(): Promise<void>;
}

/** The URL of a local port nothing listens on (connections are refused). */
export async function closedPortUrl(): Promise<string> {
  const probe = createHttpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A fresh temporary data folder. */
export function newDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'precept-sdk-'));
}

/** Removes a data folder. */
export function removeDataDir(dataDir: string): Promise<void> {
  return rm(dataDir, { recursive: true, force: true });
}

/** The API key issued for each data folder (it lives in that folder's database across restarts). */
const apiKeys = new Map<string, string>();

/**
 * Starts a server on `dataDir` (seeded on first use) listening on `port` (0 = any free port), and
 * issues an API key on first use, as an administrator would for a business line.
 */
export async function startServer(dataDir: string, port = 0): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PRECEPT_DATA_DIR: dataDir,
    PRECEPT_DEMO: 'false',
    PRECEPT_SWEEP_INTERVAL_MS: '0',
    // The first start creates demo users; production-strength scrypt would only slow tests down.
    PRECEPT_SCRYPT_COST: '10',
    LOG_LEVEL: 'silent',
  });
  const server = await createServer(config);
  let apiKey = apiKeys.get(dataDir);
  if (apiKey === undefined) {
    const created = await server
      .createCaller()
      .keys.create({ name: 'sdk-tests', scopes: ['evaluate', 'bundles'] });
    apiKey = created.secret;
    apiKeys.set(dataDir, apiKey);
  }
  const { publicKey } = await server.createCaller().system.signingKey();
  const listening = await server.listen(port);
  return {
    server,
    url: listening.url,
    port: listening.port,
    dataDir,
    apiKey,
    publicKey,
    stop: () => server.close(),
  };
}

const author = { id: 'alice', kind: 'user' as const, credential: 'test', roles: ['author' as const] };
const reviewer = { id: 'bob', kind: 'user' as const, credential: 'test', roles: ['reviewer' as const] };

/**
 * Publishes a new version of `policyKey` through the lifecycle — drafted and submitted by an author,
 * approved and published by a different reviewer — with the document `edit` returns. Resolves with
 * the new version number and content hash.
 */
export async function publishNewVersion(
  server: PreceptServer,
  policyKey: string,
  edit: (document: Record<string, unknown>) => Record<string, unknown>,
  effectiveFrom?: string,
): Promise<{ version: number; contentHash: string }> {
  const asAuthor = server.createCaller(author);
  const asReviewer = server.createCaller(reviewer);
  const detail = await asAuthor.policies.get({ policyKey });
  const base = detail.inForce?.version ?? detail.versions[0]!.version;
  const draft = await asAuthor.policies.createDraft({ policyKey, fromVersion: base });
  const edited = await asAuthor.policies.updateDraft({
    policyKey,
    version: draft.version,
    lockVersion: draft.lockVersion,
    document: edit(structuredClone(draft.document)) as typeof draft.document,
  });
  const submitted = await asAuthor.policies.submit({
    policyKey,
    version: edited.version,
    lockVersion: edited.lockVersion,
    changeNote: 'SDK test: a new version',
  });
  const approved = await asReviewer.policies.approve({
    policyKey,
    version: submitted.version,
    lockVersion: submitted.lockVersion,
    comment: 'ok',
  });
  const published = await asReviewer.policies.publish({
    policyKey,
    version: approved.version,
    lockVersion: approved.lockVersion,
    ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
  });
  return { version: published.version, contentHash: published.contentHash };
}
