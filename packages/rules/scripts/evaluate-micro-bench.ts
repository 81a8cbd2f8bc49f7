// Micro-benchmark of evaluate on the default scorecard against json-rules-engine with a reused
// Engine, interleaved round by round in one process so that both see the same machine load.
// Not a test: run it by hand.
//
//   npx tsx --conditions=@precept/source packages/rules/scripts/evaluate-micro-bench.ts [rounds]
import {
  OPERATOR_NAMES,
  findGuidelinePolicy,
  findGuidelineSubject,
  generateDemoFacts,
} from '@precept/schema';
import { Engine, type RuleProperties } from 'json-rules-engine';
import { compile, evaluate, OPERATOR_IMPLS, resolveFactPath } from '../src/index.js';
import { toEngineRules } from '../src/reference.js';

const AS_OF = '2026-03-31';
const scorecard = findGuidelinePolicy('service-performance-scorecard');
const subject = findGuidelineSubject('outlet-period');
if (scorecard === undefined || subject === undefined) throw new Error('no default scorecard');
const compiled = compile(scorecard.document, subject);
const facts = [
  ...generateDemoFacts()
    .filter((set) => set.policyKey === scorecard.policy.key)
    .map((set) => set.facts),
  ...scorecard.testCases.map((testCase) => testCase.facts),
] as Record<string, unknown>[];

// Read every fact set a few times first, as a caller that built them would have: V8 settles the
// objects' hidden classes on first use, and code optimised before that is measured at its worst.
for (let round = 0; round < 3; round += 1) for (const set of facts) JSON.stringify(set);

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const sink: unknown[] = [];
function runSync(step: (i: number) => unknown, ms: number): number {
  const start = cpuMs();
  let count = 0;
  let batch = 64;
  for (;;) {
    for (let i = 0; i < batch; i += 1) sink[i & 7] = step(count + i);
    count += batch;
    const spent = cpuMs() - start;
    if (spent >= ms) return (spent * 1e6) / count;
    if (spent < ms / 20) batch *= 2;
  }
}

async function runAsync(step: (i: number) => Promise<unknown>, ms: number): Promise<number> {
  const start = cpuMs();
  let count = 0;
  for (;;) {
    sink[count & 7] = await step(count);
    count += 1;
    if ((count & 7) === 0) {
      const spent = cpuMs() - start;
      if (spent >= ms) return (spent * 1e6) / count;
    }
  }
}

const context = { asOfDay: 20_543 };
const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
for (const name of OPERATOR_NAMES) {
  const impl = OPERATOR_IMPLS[name];
  engine.addOperator(name, (a: unknown, b: unknown) => impl(a, b, context));
}
for (const rule of toEngineRules(compiled) as RuleProperties[]) engine.addRule(rule);

const n = facts.length;
const variants: Record<string, (i: number) => unknown> = {
  default: (i) => evaluate(compiled, facts[i % n], { asOf: AS_OF }),
  noTrace: (i) => evaluate(compiled, facts[i % n], { asOf: AS_OF, trace: false }),
  trace: (i) => evaluate(compiled, facts[i % n], { asOf: AS_OF, trace: true }),
};
const rounds = Number(process.argv[2] ?? 5);
const figures: Record<string, number[]> = { jre: [] };
for (const name of Object.keys(variants)) figures[name] = [];
for (const name of Object.keys(variants)) runSync(variants[name]!, 300);
await runAsync((i) => engine.run(facts[i % n]), 300);
for (let round = 0; round < rounds; round += 1) {
  for (const [name, step] of Object.entries(variants)) figures[name]!.push(runSync(step, 300));
  figures.jre!.push(await runAsync((i) => engine.run(facts[i % n]), 300));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const jre = median(figures.jre!);
for (const [name, values] of Object.entries(figures)) {
  const ns = median(values);
  console.log(
    `${name.padEnd(8)} ${ns.toFixed(0).padStart(9)} ns/eval  (rounds: ${values.map((v) => v.toFixed(0)).join(' ')})  JRE ÷ this: ${(jre / ns).toFixed(0)}`,
  );
}
