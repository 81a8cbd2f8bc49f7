import { randomUUID } from 'node:crypto';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDERS, startTestServer, type TestServer } from '../../test/test-server.js';
import type { NewDecision } from './decisions.store.js';
import { createDecisionWriter } from './decisions.writer.js';

/** Counts INSERT statements on the decisions table. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === 'InsertQueryNode') this.inserts += 1;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const decision = (i: number): NewDecision => ({
  id: randomUUID(),
  policyKey: 'service-targets',
  version: 1,
  contentHash: 'f'.repeat(64),
  engineVersion: 'test',
  asOf: '2026-03-31',
  facts: { i },
  outcome: { kind: 'ruleset', events: [] },
  durationMs: 0.01,
  caller: 'test',
  source: 'server',
  createdAt: new Date('2026-11-26T10:00:00.000Z'),
});

describe.each(PROVIDERS)('decision group commit on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  it('writes concurrent decisions in a few multi-row inserts, each resolved only once committed', async () => {
    test = await startTestServer(provider);
    const counter = new InsertCounter();
    const writer = createDecisionWriter({ db: test.server.database.db.withPlugin(counter) });
    const rows = Array.from({ length: 50 }, (_, i) => decision(i));
    // All 50 writes are issued in one tick: the first goes alone, the other 49 share the next insert.
    await Promise.all(rows.map((row) => writer.write([row])));
    expect(counter.inserts).toBe(2);
    const stored = await test.server.database.db
      .selectFrom('decisions')
      .select('id')
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    expect(stored).toHaveLength(50);
  });

  it('fails every write of a failed batch and keeps working afterwards', async () => {
    test = await startTestServer(provider);
    const writer = createDecisionWriter({ db: test.server.database.db });
    const duplicate = decision(1);
    await writer.write([duplicate]);
    const results = await Promise.allSettled([
      writer.write([decision(2)]),
      writer.write([duplicate]),
      writer.write([decision(3)]),
    ]);
    // The first goes alone and succeeds; the other two share an insert that the duplicate id fails.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await expect(writer.write([decision(4)])).resolves.toBeUndefined();
  });
});
