import { validate } from '@precept/rules';
import { OPERATOR_NAMES } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { DIFFERENTIAL_SUBJECT, DOCUMENT_GENERATORS, generateCondition } from './differential-generator.js';
import { createRandom } from './seeded-random.js';

function leafOperators(condition: unknown, out: Set<string>): void {
  if (condition === null || typeof condition !== 'object') return;
  const node = condition as Record<string, unknown>;
  if (typeof node.operator === 'string') out.add(node.operator);
  for (const child of [node.all, node.any].flat()) leafOperators(child, out);
  leafOperators(node.not, out);
}

describe('differential generator', () => {
  it.each(Object.entries(DOCUMENT_GENERATORS))('%s documents validate against the subject', (_, generate) => {
    const random = createRandom(17);
    for (let i = 0; i < 150; i += 1)
      expect(validate(generate(random), DIFFERENTIAL_SUBJECT).issues).toEqual([]);
  });

  it('reaches every operator of the registry', () => {
    const random = createRandom(5);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) leafOperators(generateCondition(random), seen);
    expect([...seen].sort()).toEqual([...OPERATOR_NAMES].sort());
  });
});
