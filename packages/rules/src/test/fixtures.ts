// Shared test fixtures: one small subject that every kind can use, and a document of each kind.
import type { Field, FieldType, PolicyDocument, Subject } from '@precept/schema';

const label = (en: string) => ({ zh: en, en });

/** A field with labels filled in. */
export function field(name: string, type: FieldType, extra: Partial<Field> = {}): Field {
  return { name, type, label: label(name), required: false, ...extra };
}

/** A subject with a field of every type, records for qualifications, and nested objects. */
export const subject: Subject = {
  key: 'test-subject',
  title: label('test subject'),
  fields: [
    field('score', 'number'),
    field('count', 'integer', { min: 0 }),
    field('name', 'string'),
    field('flag', 'boolean'),
    field('day', 'date'),
    field('level', 'enum', {
      values: [
        { value: 'low', label: label('low') },
        { value: 'high', label: label('high') },
      ],
    }),
    field('tags', 'string[]'),
    field('values', 'number[]'),
    field('other', 'number'),
    field('otherDay', 'date'),
    field('branch', 'object', {
      fields: [
        field('staff', 'integer'),
        field('city', 'string'),
        field('address', 'object', { fields: [field('zip', 'string')] }),
      ],
    }),
    field('items', 'object[]', {
      fields: [field('code', 'string'), field('qty', 'number'), field('on', 'date')],
    }),
    field('post', 'enum', {
      values: [
        { value: 'teller', label: label('teller') },
        { value: 'manager', label: label('manager') },
        { value: 'guard', label: label('guard') },
      ],
    }),
    field('certificates', 'object[]', {
      fields: [
        field('code', 'string', { required: true }),
        field('issuedOn', 'date', { required: true }),
        field('expiresOn', 'date'),
      ],
    }),
    field('skillTests', 'object[]', {
      fields: [
        field('code', 'string', { required: true }),
        field('level', 'integer'),
        field('takenOn', 'date', { required: true }),
      ],
    }),
    field('trainings', 'object[]', {
      fields: [field('code', 'string', { required: true }), field('completedOn', 'date', { required: true })],
    }),
    field('requiredThing', 'string', { required: false }),
  ],
};

/** A subject whose only required field is `id`. */
export const strictSubject: Subject = {
  key: 'strict-subject',
  title: label('strict'),
  fields: [field('id', 'string', { required: true }), field('n', 'number', { min: 0, max: 10 })],
};

export const title = label;

/** A scorecard exercising fixed and per-unit lines, caps, category caps, grades and clamping. */
export const scorecard: PolicyDocument = {
  kind: 'scorecard',
  baseScore: 100,
  minScore: 0,
  maxScore: 110,
  lines: [
    {
      id: 'complaints',
      title: label('complaints'),
      type: 'deduction',
      category: 'service',
      condition: { all: [{ fact: 'count', operator: 'greaterThan', value: 0 }] },
      points: { mode: 'perUnit', value: 2, fact: 'count', above: 0, cap: 10 },
    },
    {
      id: 'satisfaction',
      title: label('satisfaction'),
      type: 'deduction',
      category: 'service',
      condition: { all: [{ fact: 'score', operator: 'lessThan', value: 95 }] },
      points: { mode: 'perUnit', value: 1, fact: 'score', below: 95, step: 0.5 },
    },
    {
      id: 'media',
      title: label('media'),
      type: 'deduction',
      category: 'reputation',
      condition: { all: [{ fact: 'flag', operator: 'equal', value: true }] },
      points: { mode: 'fixed', value: 5 },
    },
    {
      id: 'praise',
      title: label('praise'),
      type: 'bonus',
      category: 'bonus',
      condition: { any: [{ fact: 'tags', operator: 'contains', value: 'praise' }] },
      points: { mode: 'fixed', value: 3 },
    },
  ],
  categoryCaps: [{ category: 'service', max: 12 }],
  grades: [
    { grade: 'A', label: label('excellent'), minScore: 95 },
    { grade: 'B', label: label('good'), minScore: 85 },
    { grade: 'C', label: label('fair'), minScore: 60 },
  ],
};
