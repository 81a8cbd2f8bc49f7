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
import type { StoredDecision } from './decisions.store.js';
import { createDecisionWriter } from './decisions.writer.js';

/** Counts INSERT statements on the decisions table, and the most in flight at once. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  inFlight = 0;
  maxInFlight = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === 'InsertQueryNode') {
      this.inserts += 1;
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    }
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (args.result.numAffectedRows !== undefined) this.inFlight -= 1;
    return Promise.resolve(args.result);
  }
}

const decision = (i: number): StoredDecision => ({
  id: randomUUID(),
  policyKey: 'service-targets',
  version: 1,
  contentHash: 'f'.repeat(64),
  engineVersion: 'test',
  asOf: '2026-03-31',
  facts: { i },
  outcome: { kind: 'ruleset', events: [] },
  outcomeHash: null,
  verdict: 'none',
  pseudonymised: [],
  pseudonyms: [],
  durationMs: 0.01,
  caller: 'test',
  source: 'server',
  createdAt: new Date('2026-11-26T10:00:00.000Z'),
});

describe.each(PROVIDERS)('decision group commit on %s', (provider) => {
  let test: TestServer;
  afterEach(() => test?.close());

  // All 50 writes are issued in one tick: the first `maxInFlight` go alone (one per free slot), the
  // others queue and share the next insert.
  it.each([
    [1, 2],
    [3, 4],
  ])(
    'with %i insert(s) in flight, writes 50 concurrent decisions in %i inserts, each resolved once committed',
    async (maxInFlight, inserts) => {
      test = await startTestServer(provider);
      const counter = new InsertCounter();
      const writer = createDecisionWriter({ db: test.server.database.db.withPlugin(counter), maxInFlight });
      const rows = Array.from({ length: 50 }, (_, i) => decision(i));
      await Promise.all(rows.map((row) => writer.write([row])));
      expect([counter.inserts, counter.maxInFlight]).toEqual([inserts, Math.min(maxInFlight, inserts)]);
      await writer.drain();
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
    },
  );

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
