import { describe, expect, it } from 'vitest';
import { readablePath } from './CaseDetail/CaseDetail';
import { impactRequiredBy } from './impact-required';

/** A tRPC client error as the server's error formatter shapes it. */
const refusal = (appCode: string, issues: { path: string; code: string; message: string }[]) => ({
  name: 'TRPCClientError',
  message: 'refused',
  data: { appCode, issues },
});

describe('impactRequiredBy', () => {
  it('reads the refusal of a submit that needs an impact analysis first', () => {
    const error = refusal('CONFLICT', [
      { path: '$.impact', code: 'impact_required', message: '240000 decisions to re-evaluate' },
    ]);
    expect(impactRequiredBy(error)).toBe('240000 decisions to re-evaluate');
  });

  it('ignores other conflicts and other codes at the same path', () => {
    expect(
      impactRequiredBy(refusal('CONFLICT', [{ path: '$.lockVersion', code: 'stale', message: 'x' }])),
    ).toBeNull();
    expect(
      impactRequiredBy(refusal('VALIDATION', [{ path: '$.impact', code: 'x', message: 'y' }])),
    ).toBeNull();
    expect(impactRequiredBy(new Error('network down'))).toBeNull();
  });
});

describe('readablePath', () => {
  const labels = {
    element: (id: string) => ({ complaints: '客户投诉', reputation: '声誉' })[id] ?? id,
    outcomeKey: (key: string) =>
      ({ lines: '评分项', categories: '类别', points: '分值', total: '总分' })[key] ?? key,
  };

  it('names elements by their titles in place of their lists, and keys by their labels', () => {
    expect(readablePath('$.lines[complaints].points', labels)).toBe('客户投诉 › 分值');
    expect(readablePath('$.categories[reputation].points', labels)).toBe('声誉 › 分值');
    expect(readablePath('$.total', labels)).toBe('总分');
  });

  it('numbers a position after its list (a report stored before categories were named)', () => {
    expect(readablePath('$.categories[1].points', labels)).toBe('类别 2 › 分值');
  });
});
