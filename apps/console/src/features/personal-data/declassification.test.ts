import type { Subject } from '@precept/schema';
import { describe, expect, it } from 'vitest';
import { guidelineSubject } from '../../test/fixtures';
import { declassifiedPaths, markPersonal, unmarkedPaths } from './declassification';
import { personalFieldPaths } from './personal-data';

const employee = guidelineSubject('employee');

/** The employee subject without the personal mark on `name`. */
function withoutMark(subject: Subject, name: string): Subject {
  return {
    ...subject,
    fields: subject.fields.map((field) => {
      if (field.name !== name) return field;
      const { personal: _personal, ...rest } = field;
      return rest;
    }),
  };
}

describe('declassification', () => {
  it('finds the fields a new version would unmark, but not those it removes', () => {
    const unmarked = withoutMark(withoutMark(employee, 'name'), 'age');
    expect(unmarkedPaths(employee, unmarked)).toEqual(['name', 'age']);
    const removed = { ...employee, fields: employee.fields.filter((f) => f.name !== 'name') };
    expect(unmarkedPaths(employee, removed)).toEqual([]);
    expect(unmarkedPaths(employee, employee)).toEqual([]);
  });

  it('does not count a field covered by a personal field that holds it', () => {
    const saved: Subject = {
      key: 's',
      title: { zh: 's', en: 's' },
      fields: [
        {
          name: 'holder',
          type: 'object',
          label: { zh: '持有人', en: 'Holder' },
          required: true,
          fields: [
            {
              name: 'phone',
              type: 'string',
              label: { zh: '电话', en: 'Phone' },
              required: false,
              personal: true,
            },
          ],
        },
      ],
    };
    const wholeHolder = markPersonal(
      {
        ...saved,
        fields: [{ ...saved.fields[0]!, fields: [{ ...saved.fields[0]!.fields![0]!, personal: undefined }] }],
      },
      ['holder'],
    );
    expect(unmarkedPaths(saved, wholeHolder)).toEqual([]);
    const unmarkedPhone = {
      ...saved,
      fields: [{ ...saved.fields[0]!, fields: [{ ...saved.fields[0]!.fields![0]!, personal: false }] }],
    };
    expect(unmarkedPaths(saved, unmarkedPhone)).toEqual(['holder.phone']);
    expect(personalFieldPaths(markPersonal(unmarkedPhone, ['holder.phone']))).toEqual(['holder.phone']);
  });

  it('marks fields personal again, nothing else changes', () => {
    const unmarked = withoutMark(employee, 'name');
    const fixed = markPersonal(unmarked, ['name']);
    expect(fixed).toEqual(employee);
  });

  it("reads the server's refusal: the issues with the declassification code, as dotted paths", () => {
    const refusal = Object.assign(new Error('subject "employee": name is personal data and stays so'), {
      name: 'TRPCClientError',
      data: {
        appCode: 'VALIDATION',
        issues: [
          {
            path: '$.subject.fields.name',
            code: 'personal_data_declassified',
            message: '"name" was marked personal',
          },
          { path: '$.subject.fields.holder.phone', code: 'personal_data_declassified', message: 'x' },
          { path: '$.subject.fields[0].label.zh', code: 'too_small', message: 'empty' },
        ],
      },
    });
    expect(declassifiedPaths(refusal)).toEqual(['name', 'holder.phone']);
    expect(declassifiedPaths(new Error('network'))).toEqual([]);
    expect(declassifiedPaths(null)).toEqual([]);
  });
});
