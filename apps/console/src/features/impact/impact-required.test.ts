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
  it('names elements by their titles and leaves list positions as they are', () => {
    const title = (id: string) => ({ complaints: '客户投诉' })[id] ?? id;
    expect(readablePath('$.lines[complaints].points', title)).toBe('$.lines[客户投诉].points');
    expect(readablePath('$.categories[1].points', title)).toBe('$.categories[1].points');
  });
});
