// The jsonpath-plus remote-code-execution payloads (CVE-2024-21534, CVE-2025-1302 and the "safe-eval"
// bypasses fixed in 2025/2026) are refused by validate with a bad_path issue naming the path, and
// even when forced past validation into both evaluators they run nothing.
import { createRequire } from 'node:module';
import { Engine } from 'json-rules-engine';
import type { PolicyDocument, TraceCondition } from '@precept/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileRule } from './closure-runner.js';
import { runWithEngine } from './engine-runner.js';
import { resolveFactPath, parseFactPath } from './fact-path.js';
import { compileFactsIntake } from './facts-intake.js';
import { compile, validate } from './index.js';
import { rulesOf } from './rule-spec.js';
import { subject, title } from './test/fixtures.js';

declare global {
  var __preceptPwned: unknown;
}

const SET = "globalThis.__preceptPwned = 'pwned'";
const PAYLOADS = [
  // CVE-2024-21534, as published
  "$..[?(@.constructor.constructor('return process')().mainModule.require('child_process').execSync('id'))]",
  `$..[?(@.constructor.constructor("${SET}")())]`,
  // CVE-2025-1302 variants
  `$[?(@.constructor.constructor("${SET}")())]`,
  `$..[?(@.a.constructor.constructor.call(null, "${SET}")())]`,
  `$[?(@.__proto__.constructor.constructor("${SET}")())]`,
  // "safe-eval" bypass style
  `$[?(@property.constructor.constructor("${SET}")())]`,
  `$..[?(this.constructor.constructor("${SET}")())]`,
  `$[?(@root.constructor.constructor("${SET}")())]`,
  `$[?(@.toString.constructor("${SET}")())]`,
  `$[?(@.x['constr'+'uctor']['constr'+'uctor']("${SET}")())]`,
  `$..[?(@property == 'a' && @.constructor.constructor("${SET}")())]`,
  // plain prototype walks (no script at all)
  '$.__proto__.polluted',
  '$.constructor.prototype',
  '$.a.constructor',
];

const facts = { branch: { staff: 1, city: 'x', address: { zip: 'y' } }, items: [{ code: 'a', qty: 1 }] };

function documentWith(path: string): PolicyDocument {
  return {
    kind: 'standard',
    targets: [
      {
        id: 't',
        title: title('t'),
        severity: 'minor',
        condition: {
          any: [
            { fact: 'branch', path, operator: 'exists', value: true },
            { fact: 'items', operator: 'exists', value: true, path },
            { fact: 'branch', path: '$.city', operator: 'equal', value: { fact: 'items', path } },
          ],
        },
      },
    ],
  };
}

beforeEach(() => {
  globalThis.__preceptPwned = undefined;
});
afterEach(() => {
  expect(globalThis.__preceptPwned).toBeUndefined();
});

describe.each(PAYLOADS)('payload %s', (payload) => {
  it('is refused by validate with bad_path at each place it appears', () => {
    const result = validate(documentWith(payload), subject);
    expect(result.ok).toBe(false);
    const badPaths = result.issues.filter((issue) => issue.code === 'bad_path').map((issue) => issue.path);
    expect(badPaths).toEqual([
      '$.targets[0].condition.any[0].path',
      '$.targets[0].condition.any[1].path',
      '$.targets[0].condition.any[2].value.path',
    ]);
    expect(() => compile(documentWith(payload), subject)).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });

  it('is refused by a scorecard per-unit path too', () => {
    const document: PolicyDocument = {
      kind: 'scorecard',
      baseScore: 100,
      lines: [
        {
          id: 'l',
          title: title('l'),
          type: 'deduction',
          category: 'c',
          condition: { all: [{ fact: 'flag', operator: 'equal', value: true }] },
          points: { mode: 'perUnit', value: 1, fact: 'branch', path: payload },
        },
      ],
      categoryCaps: [],
      grades: [{ grade: 'A', label: title('A'), minScore: 0 }],
    };
    const issues = validate(document, subject).issues;
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '$.lines[0].points.path', code: 'bad_path' }),
    );
  });

  it('runs nothing in the path resolver', () => {
    expect(parseFactPath(payload)).toBeUndefined();
    expect(resolveFactPath({ a: { b: 1 }, x: 'y' }, payload)).toBeUndefined();
    expect(resolveFactPath([{ a: 1 }], payload)).toBeUndefined();
  });

  it('runs nothing when forced into both evaluators past validation', async () => {
    const rules = rulesOf(documentWith(payload));
    const intake = compileFactsIntake(subject);
    const closures = rules.map((rule) => compileRule(rule, intake.fieldIndex));
    const values = intake.read(facts)!;
    const context = { asOfDay: 20_000 };
    for (const closure of closures) {
      expect(closure.fast(values, context)).toBe(false);
      expect(closure.traced(values, context, [])).toBe(false);
    }
    const { results } = await runWithEngine(rules, facts, Object.keys(facts), context);
    expect(results).toEqual([false]);
  });

  it('runs nothing in a bare json-rules-engine Engine given our resolver', async () => {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
    engine.addRule({
      conditions: { all: [{ fact: 'branch', path: payload, operator: 'equal', value: 1 }] },
      event: { type: 'x' },
    });
    const { events } = await engine.run({ branch: { a: 1 } });
    expect(events).toEqual([]);
  });
});

describe('control: the payloads are real', () => {
  // jsonpath-plus (json-rules-engine's default resolver) with native evaluation, the pre-10 default:
  // the sentinel payloads do execute there, so the assertions above are not vacuous.
  it('sets the sentinel through jsonpath-plus with eval: native', () => {
    const requireFromEngine = createRequire(createRequire(import.meta.url).resolve('json-rules-engine'));
    const { JSONPath } = requireFromEngine('jsonpath-plus') as {
      JSONPath: (options: { path: string; json: unknown; wrap: boolean; eval: string }) => unknown;
    };
    JSONPath({ path: PAYLOADS[1]!, json: { a: { b: 1 } }, wrap: false, eval: 'native' });
    expect(globalThis.__preceptPwned).toBe('pwned');
    globalThis.__preceptPwned = undefined;
  });
});

describe('prototype names as fact names, forced past validation', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'fact %s reads nothing from the prototype in either evaluator',
    async (fact) => {
      const document = {
        kind: 'standard',
        targets: [
          {
            id: 't',
            title: title('t'),
            severity: 'minor',
            condition: {
              any: [
                { fact, operator: 'exists', value: true },
                { fact, path: '$.constructor', operator: 'exists', value: true },
              ],
            },
          },
        ],
      } as PolicyDocument;
      expect(validate(document, subject).ok).toBe(false);
      const rules = rulesOf(document);
      // A subject with a field of that name, and facts without it: the intake reads own properties.
      const intake = compileFactsIntake({
        ...subject,
        fields: [{ name: fact, type: 'object', label: title(fact), required: false, fields: [] }],
      });
      const closure = compileRule(rules[0]!, intake.fieldIndex);
      const values = intake.read({})!;
      const context = { asOfDay: 20_000 };
      const trace: TraceCondition[] = [];
      expect(closure.traced(values, context, trace)).toBe(false);
      expect(trace.map((condition) => condition.factValue)).toEqual([undefined, undefined]);
      expect(closure.fast(values, context)).toBe(false);
      const engine = await runWithEngine(rules, {}, [fact], context);
      expect(engine.results).toEqual([false]);
    },
  );
});
