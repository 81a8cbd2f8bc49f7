// A small synthetic data set for the demo start: a year of monthly outlet figures, employees in the
// six front-line posts, incidents, inspections and organisation units. Pure and deterministic: the
// same seed always gives the same facts (a seeded PRNG, no clock), so demo decisions are replayable.
import { z } from 'zod';
import { AsOfSchema, JsonObjectSchema, KeySchema, type JsonObject } from '../common.js';

/** One demo evaluation input: which policy, as of when, the facts, and a label for people. */
export const DemoFactSetSchema = z.strictObject({
  policyKey: KeySchema,
  subjectKey: KeySchema,
  asOf: AsOfSchema,
  facts: JsonObjectSchema,
  label: z.string().min(1).max(200),
});
/** One demo evaluation input. */
export type DemoFactSet = z.infer<typeof DemoFactSetSchema>;

/** The seed used when none is given. */
const DEFAULT_SEED = 20260101;

/** mulberry32: a tiny, well-mixed 32-bit PRNG; returns floats in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a UTC calendar date; months past 12 roll into the next year. */
function isoDate(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}
/** The last day of a month, `YYYY-MM-DD`. */
const lastDayOf = (year: number, month: number): string => isoDate(year, month + 1, 0);

const OUTLETS = [
  { id: 'OUT-0101', name: '省会市分行营业部', region: 'provincial-capital', quality: 0.97 },
  { id: 'OUT-0102', name: '省会市中山路支行', region: 'provincial-capital', quality: 0.9 },
  { id: 'OUT-0103', name: '省会市高新区支行', region: 'provincial-capital', quality: 0.82 },
  { id: 'OUT-0201', name: '滨海市分行营业部', region: 'developed-area', quality: 0.88 },
  { id: 'OUT-0202', name: '滨海市开发区支行', region: 'developed-area', quality: 0.72 },
  { id: 'OUT-0203', name: '滨海市港口支行', region: 'developed-area', quality: 0.6 },
  { id: 'OUT-0301', name: '山城市分行营业部', region: 'other', quality: 0.78 },
  { id: 'OUT-0302', name: '山城市城东支行', region: 'other', quality: 0.5 },
  { id: 'OUT-0303', name: '山城市河西分理处', region: 'other', quality: 0.35 },
  { id: 'OUT-0401', name: '林县支行营业室', region: 'other', quality: 0.66 },
  { id: 'OUT-0402', name: '林县南街分理处', region: 'other', quality: 0.2 },
  { id: 'OUT-0403', name: '石镇储蓄所', region: 'other', quality: 0.1 },
] as const;

function outletPeriods(random: () => number): DemoFactSet[] {
  const noise = (spread: number): number => (random() * 2 - 1) * spread;
  const result: DemoFactSet[] = [];
  for (const outlet of OUTLETS) {
    const q = outlet.quality;
    const poor = 1 - q;
    for (let month = 1; month <= 12; month++) {
      const period = `2026-${pad(month)}`;
      const facts: JsonObject = {
        outletId: outlet.id,
        outletName: outlet.name,
        period,
        regionType: outlet.region,
        customerEvaluationRate: round1(clamp(78 + q * 20 + noise(3), 0, 100)),
        customerSatisfactionRate: round1(clamp(88 + q * 10 + noise(2), 0, 100)),
        bigCustomerSatisfactionRate: round1(clamp(87 + q * 11 + noise(2.5), 0, 100)),
        socialSatisfactionRate: round1(clamp(82 + q * 13 + noise(3), 0, 100)),
        mediaExposures: random() < poor * 0.18 ? (random() < 0.2 ? 2 : 1) : 0,
        complaints: Math.floor(random() * poor * 9),
        etiquetteFindings: Math.floor(random() * poor * 4),
        facilityIntactRate: round1(clamp(94 + q * 6 - random() * 2, 0, 100)),
        lobbyManagerFindings: Math.floor(random() * poor * 3),
        standardsFindings: Math.floor(random() * poor * 3),
        comprehensiveExpertRate: round1(clamp(70 + q * 28 + noise(4), 0, 100)),
        retailExpertRate: round1(clamp(68 + q * 30 + noise(4), 0, 100)),
        commendations: random() < q * 0.15 ? 1 : 0,
        mediaPraises: random() < q * 0.2 ? 1 : 0,
        customerPraises: Math.floor(random() * q * 6),
      };
      // The local service-quality ranking is published quarterly.
      if (month % 3 === 0) facts.localServiceRank = 1 + Math.floor(poor * 18 + random() * 3);
      result.push({
        policyKey: 'service-performance-scorecard',
        subjectKey: 'outlet-period',
        asOf: lastDayOf(2026, month),
        facts,
        label: `${outlet.name} (${outlet.id}) ${period}`,
      });
    }
  }
  return result;
}

const POSTS = [
  {
    post: 'comprehensive-teller',
    tests: ['RETAIL-COUNTER', 'VOUCHER-ENTRY', 'CN-EN-TYPING', 'CASH-COUNTING'],
  },
  { post: 'outlet-manager', tests: ['RETAIL-COUNTER', 'PLANNING-STATISTICS'] },
  { post: 'lobby-manager', tests: ['RETAIL-COUNTER'] },
  { post: 'wealth-manager', tests: ['RETAIL-COUNTER'] },
  { post: 'marketing', tests: ['EXPORT-DOC-REVIEW', 'PLANNING-STATISTICS'] },
  { post: 'call-center-agent', tests: ['CN-EN-TYPING'] },
] as const;
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
];

/** Three employees per post: one qualified, one whose certificate lapses soon, one with a gap. */
function employees(random: () => number): DemoFactSet[] {
  const asOf = '2026-06-30';
  const result: DemoFactSet[] = [];
  let n = 0;
  for (const { post, tests } of POSTS) {
    for (let variant = 0; variant < 3; variant++, n++) {
      const code = `QC-${post.toUpperCase()}`;
      const issuedYear = 2023 + Math.floor(random() * 3);
      const certificate =
        variant === 1
          ? { code, issuedOn: '2023-08-15', expiresOn: isoDate(2026, 7, 10 + Math.floor(random() * 40)) }
          : variant === 2 && n % 2 === 0
            ? { code, issuedOn: '2022-05-01', expiresOn: '2025-04-30' }
            : {
                code,
                issuedOn: isoDate(issuedYear, 1 + Math.floor(random() * 12), 1),
                expiresOn: '2028-12-31',
              };
      const skillTests = tests
        // The third employee of an odd-numbered slot has never taken the last mandatory test.
        .filter((_, i) => !(variant === 2 && n % 2 === 1 && i === tests.length - 1))
        .map((test) => ({
          code: test,
          level: variant === 0 ? 2 + Math.floor(random() * 4) : 1 + Math.floor(random() * 3),
          takenOn: isoDate(2025, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
        }));
      const skillLevel = Math.max(...skillTests.map((test) => test.level), 0);
      result.push({
        policyKey: 'post-qualifications',
        subjectKey: 'employee',
        asOf,
        facts: {
          employeeId: `E-${2001 + n}`,
          name: `${SURNAMES[n % SURNAMES.length] ?? '王'}${GIVEN[(n * 7) % GIVEN.length] ?? '伟'}`,
          post,
          outletId: OUTLETS[n % OUTLETS.length]?.id ?? 'OUT-0101',
          age: 22 + Math.floor(random() * 30),
          skillLevel,
          certificates: [certificate],
          skillTests,
          trainings: [
            {
              code: `TR-${post.toUpperCase()}`,
              completedOn: isoDate(2025, 7 + Math.floor(random() * 11), 15),
            },
          ],
          assessmentResult: variant === 2 && post === 'wealth-manager' ? 'fail' : 'pass',
        },
        label: `E-${2001 + n} ${post}`,
      });
    }
  }
  return result;
}

function incidents(random: () => number): DemoFactSet[] {
  const base = {
    scope: 'outlet',
    keyCorporateClientsLost: 0,
    mediaCoverage: 'none',
    serviceStopped: 'partial',
  };
  const rows: { label: string; asOf: string; facts: JsonObject }[] = [
    {
      label: '核心交易系统异常,全省网点服务中断 / core trading system failure across the province',
      asOf: '2026-03-12T02:30:00.000Z',
      facts: {
        ...base,
        incidentClass: 'external',
        externalCause: 'trading-system-failure',
        scope: 'tier1-branch',
        customersAffected: 12000 + Math.floor(random() * 5000),
        outletsAffected: 86,
        outageHours: 5.5,
        mediaCoverage: 'local',
      },
    },
    {
      label: '暴雨致三个网点停业 / rainstorm closes three outlets',
      asOf: '2026-07-21T06:00:00.000Z',
      facts: {
        ...base,
        incidentClass: 'external',
        externalCause: 'natural-disaster',
        scope: 'tier2-branch',
        customersAffected: 600 + Math.floor(random() * 300),
        outletsAffected: 3,
        outageHours: 10,
        serviceStopped: 'full',
      },
    },
    {
      label: '重点公司客户因服务问题中断业务关系 / key corporate client leaves over service',
      asOf: '2026-05-08T08:00:00.000Z',
      facts: {
        ...base,
        incidentClass: 'relationship-crisis',
        crisisCause: 'service-level',
        scope: 'sub-branch',
        customersAffected: 1,
        outletsAffected: 1,
        keyCorporateClientsLost: 1,
        serviceStopped: 'none',
        outageHours: 0,
      },
    },
    {
      label: 'ATM 网络短时异常 / short ATM network fault',
      asOf: '2026-09-02T12:15:00.000Z',
      facts: {
        ...base,
        incidentClass: 'external',
        externalCause: 'trading-system-failure',
        customersAffected: 30 + Math.floor(random() * 60),
        outletsAffected: 1,
        outageHours: 0.5,
      },
    },
    {
      label: '网上银行登录缓慢两小时 / online banking slow to log in for two hours',
      asOf: '2026-10-09T03:40:00.000Z',
      facts: {
        ...base,
        incidentClass: 'external',
        externalCause: 'trading-system-failure',
        scope: 'sub-branch',
        customersAffected: 300 + Math.floor(random() * 400),
        outletsAffected: 0,
        outageHours: 2,
      },
    },
    {
      label: '理财产品兑付传闻引发全国媒体报道 / rumour about a wealth product in the national media',
      asOf: '2026-11-18T01:00:00.000Z',
      facts: {
        ...base,
        incidentClass: 'relationship-crisis',
        crisisCause: 'adverse-event',
        scope: 'multi-branch',
        customersAffected: 4000 + Math.floor(random() * 3000),
        outletsAffected: 40,
        mediaCoverage: 'national',
        serviceStopped: 'none',
        outageHours: 0,
      },
    },
  ];
  return rows.map((row, i) => ({
    policyKey: 'service-incident-escalation',
    subjectKey: 'incident',
    asOf: row.asOf,
    facts: { incidentId: `INC-2026-${pad(i + 1)}`, occurredOn: row.asOf.slice(0, 10), ...row.facts },
    label: row.label,
  }));
}

function inspections(random: () => number): DemoFactSet[] {
  const score = (q: number): number => Math.round(clamp(60 + q * 38 + (random() * 2 - 1) * 6, 0, 100));
  const picks = [0, 4, 7, 8, 11] as const;
  const severities = ['none', 'general', 'general', 'hard', 'major'] as const;
  const sources = ['inspection', 'inspection', 'complaint', 'inspection', 'media'] as const;
  const result: DemoFactSet[] = [];
  picks.forEach((outletIndex, i) => {
    const outlet = OUTLETS[outletIndex] ?? OUTLETS[0];
    const q = outlet.quality;
    const inspectedOn = isoDate(2026, 2 + i * 2, 10 + i);
    const isZoned = outlet.region !== 'other';
    const facts: JsonObject = {
      inspectionId: `INS-2026-${pad(i + 1)}`,
      outletId: outlet.id,
      inspectedOn,
      mode: i % 2 === 0 ? 'covert' : 'overt',
      regionType: outlet.region,
      outletType: 'comprehensive',
      hasWealthCenter: isZoned || q > 0.7,
      hasSelfServiceZone: q > 0.15,
      hasOpenCounters: isZoned || q > 0.5,
      hasClosedCounters: true,
      hasConsultationZone: q > 0.3,
      hasCustomerLounge: q > 0.4,
      hasMarketingInfoZone: q > 0.55,
      hasQueueMachine: q > 0.25,
      hasInfoDisplay: q > 0.6,
      closedCounterShare: round1(clamp(30 + (1 - q) * 45, 0, 100)),
      visualIdentityCompliant: q > 0.45,
      selfServiceOnlineBankingPc: q > 0.35,
      selfServicePrinter: q > 0.5,
      selfServiceGuide: q > 0.6,
      leadershipOrganized: q > 0.3,
      etiquetteScore: score(q),
      skillScore: score(q),
      lobbyManagerOnDuty: q > 0.2,
      lobbyManagerScore: score(q),
      starTellerBadgeUsed: q > 0.4,
      differentiatedService: q > 0.5,
      facilityIntactRate: round1(clamp(90 + q * 10 - random() * 3, 0, 100)),
      environmentScore: score(q),
      brochuresManaged: q > 0.3,
      hallSatisfactionRate: round1(clamp(88 + q * 11 + (random() * 2 - 1) * 1.5, 0, 100)),
      standardsScore: score(q),
      firstQuestionResponsibility: q > 0.25,
      satisfactionSurveyDone: q > 0.5,
      externalFacilitiesIntact: q > 0.3,
      findingSource: sources[i] ?? 'inspection',
      findingSeverity: severities[i] ?? 'general',
      findingCount: Math.floor((1 - q) * 14),
      repeatFinding: q < 0.3,
      mediaExposed: sources[i] === 'media',
    };
    if (facts.hasWealthCenter === true) facts.wealthCenterScore = score(q);
    if (sources[i] === 'complaint') {
      facts.complaintType = 'efficiency';
      facts.complaintChannel = 'call-or-letter';
    }
    for (const policyKey of ['outlet-facilities', 'service-inspection', 'rectification-routing']) {
      result.push({
        policyKey,
        subjectKey: 'inspection',
        asOf: inspectedOn,
        facts,
        label: `${outlet.name} ${inspectedOn} ${facts.mode === 'covert' ? '暗查' : '明查'}`,
      });
    }
  });
  return result;
}

function orgUnits(random: () => number): DemoFactSet[] {
  const units = [
    { unitId: 'HO', unitName: '总行', tier: 'head-office', staffCount: 5200, q: 0.9 },
    { unitId: 'BR-01', unitName: '省分行', tier: 'tier1-branch', staffCount: 3100, q: 0.85 },
    { unitId: 'BR-0102', unitName: '滨海市分行', tier: 'tier2-branch', staffCount: 720, q: 0.75 },
    { unitId: 'BR-0103', unitName: '山城市分行', tier: 'tier2-branch', staffCount: 650, q: 0.45 },
    { unitId: 'BR-0104', unitName: '林县分行', tier: 'tier2-branch', staffCount: 380, q: 0.3 },
    { unitId: 'SB-0301', unitName: '山城市城东支行', tier: 'sub-branch', staffCount: 85, q: 0.55 },
  ] as const;
  const result: DemoFactSet[] = [];
  for (const { q, ...unit } of units) {
    const peerLoyalty = round1(80 + random() * 6);
    const peerShare = round1(25 + random() * 5);
    const facts: JsonObject = {
      ...unit,
      serviceNormComplianceRate: q > 0.8 ? 100 : round1(96 + q * 3.9),
      under35Staff: Math.round(unit.staffCount * (0.3 + random() * 0.1)),
      under35SkillLevel3Share: round1(clamp(75 + q * 20 + (random() * 2 - 1) * 3, 0, 100)),
      internalSatisfactionRate: round1(clamp(90 + q * 8 + (random() * 2 - 1) * 1.5, 0, 100)),
      externalSatisfactionRate: round1(clamp(89 + q * 9 + (random() * 2 - 1) * 1.5, 0, 100)),
      bigCustomerLoyaltyRate: round1(peerLoyalty + (q - 0.5) * 10),
      peerBigCustomerLoyaltyRate: peerLoyalty,
      bigCustomerContributionShare: round1(peerShare + (q - 0.55) * 8),
      peerBigCustomerContributionShare: peerShare,
      unifiedServiceStandards: q > 0.35,
      topLeaderAccountable: q > 0.25,
      serviceOnAgenda: q > 0.4,
      hasLeadingGroup: true,
      leadingGroupMeetingsPerYear: Math.round(1 + q * 6),
      hasServiceOffice: q > 0.3,
      fullTimeServiceManagers: q > 0.5 ? 1 + Math.floor(unit.staffCount / 1500) : 0,
      businessLineStandards: q > 0.5,
      serviceCommitmentSystem: q > 0.6,
      serviceInspectionsPerYear: Math.round(4 + q * 12),
    };
    for (const policyKey of ['service-targets', 'organization-requirements']) {
      result.push({ policyKey, subjectKey: 'org-unit', asOf: '2026-12-31', facts, label: unit.unitName });
    }
  }
  return result;
}

/**
 * A deterministic demo data set for the default policies: 12 outlets × 12 months of 2026
 * (`service-performance-scorecard`), 18 employees in the six front-line posts (`post-qualifications`),
 * 6 incidents (`service-incident-escalation`), 5 inspections (each for `outlet-facilities`,
 * `service-inspection` and `rectification-routing`) and 6 organisation units (`service-targets`,
 * `organization-requirements`). The same seed always returns the same data.
 *
 * @example
 * for (const item of generateDemoFacts()) await evaluate(item.policyKey, item.facts, { asOf: item.asOf });
 */
export function generateDemoFacts(seed: number = DEFAULT_SEED): DemoFactSet[] {
  const random = createRandom(seed);
  return [
    ...outletPeriods(random),
    ...employees(random),
    ...incidents(random),
    ...inspections(random),
    ...orgUnits(random),
  ];
}
