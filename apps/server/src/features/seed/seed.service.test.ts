import { PGlite } from '@electric-sql/pglite';
import { GUIDELINE_EFFECTIVE_FROM, GUIDELINE_POLICIES, GUIDELINE_SUBJECTS } from '@precept/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../log/logger.js';
import { createServer } from '../../server.js';

describe('seeding a new database', () => {
  const pglite = new PGlite();
  afterAll(() => pglite.close());
  const config = loadConfig({
    PRECEPT_DATA_DIR: 'memory://',
    PRECEPT_DEMO: '1',
    PRECEPT_SWEEP_INTERVAL_MS: '0',
    PRECEPT_SCRYPT_COST: '10',
    PRECEPT_DEMO_PASSWORD: 'demo-password',
    LOG_LEVEL: 'silent',
  });
  const start = () => createServer(config, { pglite, keepPgliteOpen: true, log: createLogger('silent') });

  it('loads the guideline as published v1 with passing test cases, evaluates the demo once, and does it only once', async () => {
    const first = await start();
    expect(first.seeded).toMatchObject({
      seeded: true,
      subjects: GUIDELINE_SUBJECTS.length,
      policies: GUIDELINE_POLICIES.length,
    });
    expect(first.seeded!.demoDecisions).toBeGreaterThan(100);
    const caller = first.createCaller();
    const policies = await caller.policies.list();
    expect(policies.map((p) => p.policy.key).sort()).toEqual(
      GUIDELINE_POLICIES.map((p) => p.policy.key).sort(),
    );
    for (const summary of policies) {
      expect(summary.inForce).toMatchObject({
        version: 1,
        effectiveFrom: GUIDELINE_EFFECTIVE_FROM,
        effectiveTo: null,
      });
      const run = await caller.testCases.run({ policyKey: summary.policy.key, version: 1 });
      const expected = GUIDELINE_POLICIES.find((p) => p.policy.key === summary.policy.key)!.testCases.length;
      expect({ key: summary.policy.key, passed: run.passed, failed: run.failed }).toEqual({
        key: summary.policy.key,
        passed: expected,
        failed: 0,
      });
    }
    // Names are stored in both languages and found by either; the seeding note is a key the console localizes.
    const office = { zh: '服务管理办公室', en: 'Service Management Office' };
    const byZh = await caller.policies.list({ owner: office.zh });
    expect(byZh.length).toBeGreaterThan(0);
    expect(byZh.every((p) => JSON.stringify(p.policy.owner) === JSON.stringify(office))).toBe(true);
    expect((await caller.policies.list({ owner: office.en })).map((p) => p.policy.key)).toEqual(
      byZh.map((p) => p.policy.key),
    );
    const escalation = await caller.policies.get({ policyKey: 'service-incident-escalation' });
    expect(escalation.versions.at(-1)?.changeNote).toBe('precept:seeded-policy');
    // 十二 应急响应: "同时报告文明优质服务领导小组和上级行业务主管部门" — at a level below the head office too.
    const partialStop = await caller.evaluation.evaluate({
      policyKey: 'service-incident-escalation',
      asOf: '2026-08-03T09:00:00.000Z',
      facts: {
        incidentId: 'INC-2026-042',
        occurredOn: '2026-08-03',
        incidentClass: 'external',
        externalCause: 'trading-system-failure',
        scope: 'tier2-branch',
        customersAffected: 300,
        outletsAffected: 2,
        keyCorporateClientsLost: 0,
        mediaCoverage: 'none',
        outageHours: 0.5,
        serviceStopped: 'partial',
      },
      detail: 'full',
    });
    expect(partialStop.outcome).toMatchObject({
      level: 'level-3',
      reportTo: [
        { zh: '文明优质服务领导小组', en: 'Quality service leading group' },
        { zh: '上级行业务主管部门', en: 'Superior business department' },
      ],
    });
    const decisions = (await caller.decisions.list({ limit: 200 })).items.length;
    expect(decisions).toBeGreaterThan(100);
    const audit = await caller.audit.verify();
    await first.close();

    const second = await start();
    expect(second.seeded).toMatchObject({ seeded: false, demoDecisions: 0 });
    const again = second.createCaller();
    expect(await again.policies.list()).toHaveLength(GUIDELINE_POLICIES.length);
    expect((await again.decisions.list({ limit: 200 })).items.length).toBe(decisions);
    expect((await again.audit.verify()).checked).toBe(audit.checked);
    await second.close();
  });
});
