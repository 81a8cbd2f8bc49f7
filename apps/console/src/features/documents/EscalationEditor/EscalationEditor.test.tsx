import type { EscalationDocument, Issue } from '@precept/schema';
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { pickText } from '../../../i18n/use-language';
import { guidelineDocument } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { IssuesProvider } from '../../errors/IssuesProvider/IssuesProvider';
import { EscalationEditor } from './EscalationEditor';

const fixture = guidelineDocument('service-incident-escalation', 'escalation');
const [first, second] = fixture.document.levels as [
  EscalationDocument['levels'][number],
  EscalationDocument['levels'][number],
];

function Harness({
  onChange,
  issues = [],
}: {
  onChange?: (value: EscalationDocument) => void;
  issues?: Issue[];
}) {
  const [value, setValue] = useState(fixture.document);
  return (
    <IssuesProvider issues={issues}>
      <EscalationEditor
        value={value}
        subject={fixture.subject}
        onChange={(next) => {
          setValue(next);
          onChange?.(next);
        }}
      />
    </IssuesProvider>
  );
}

function latest(onChange: ReturnType<typeof vi.fn>): EscalationDocument {
  const call = onChange.mock.calls.at(-1);
  if (!call) throw new Error('onChange was never called');
  return call[0] as EscalationDocument;
}

describe('EscalationEditor', () => {
  it('shows one matrix row per level with its condition in words, report chain, response time and authority', () => {
    renderWithProviders(<Harness />);
    const row = screen.getByTestId(`level-${first.id}`);
    expect(within(row).getByText(first.title.zh)).toBeInTheDocument();
    expect(within(row).getByText(/影响范围 等于 跨分行/)).toBeInTheDocument();
    expect(within(row).getByRole('textbox', { name: `响应时限（小时） ${first.title.zh}` })).toHaveValue(
      String(first.responseHours),
    );
    expect(within(row).getByRole('textbox', { name: `处置权限 ${first.title.zh}` })).toHaveValue(
      pickText(first.authority, 'zh'),
    );
    for (const step of first.reportTo)
      expect(within(row).getByText(pickText(step, 'zh'))).toBeInTheDocument();
  });

  it('edits response hours, authority and the report chain inline', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    const row = screen.getByTestId(`level-${second.id}`);
    const hours = within(row).getByRole('textbox', { name: `响应时限（小时） ${second.title.zh}` });
    await user.clear(hours);
    await user.type(hours, '4');
    const authority = within(row).getByRole('textbox', { name: `处置权限 ${second.title.zh}` });
    await user.clear(authority);
    await user.type(authority, '分行行长');
    await user.type(
      within(row).getByRole('textbox', { name: `报告链 ${second.title.zh}` }),
      '监管部门{enter}',
    );
    const level = latest(onChange).levels[1]!;
    expect(level.responseHours).toBe(4);
    // A bilingual name is edited in the console's language; its other half stays.
    expect(level.authority).toEqual({ zh: '分行行长', en: pickText(second.authority, 'en') });
    expect(level.reportTo).toEqual([...second.reportTo, '监管部门']);
    expect(latest(onChange).levels[0]).toEqual(first);
  });

  it('opens a level to edit its condition and actions', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: `详情 ${second.title.zh}` }));
    expect(screen.getByRole('button', { name: `详情 ${second.title.zh}` })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await user.click(screen.getByRole('button', { name: '添加行动' }));
    const added = latest(onChange).levels[1]!.actions.at(-1)!;
    expect(added).toMatchObject({
      id: 'action',
      owner: second.authority,
      deadlineHours: second.responseHours,
    });
    const hours = screen.getByRole('textbox', { name: '完成时限（小时） 新行动' });
    await user.clear(hours);
    await user.type(hours, '8');
    expect(latest(onChange).levels[1]!.actions.at(-1)!.deadlineHours).toBe(8);
    // The condition builder of the opened level.
    expect('any' in second.condition).toBe(true);
    await user.click(screen.getAllByRole('radio', { name: '全部满足（且）' })[0]!);
    expect('all' in latest(onChange).levels[1]!.condition).toBe(true);
  });

  it('adds a level below the last and reorders levels', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: '添加级别' }));
    const last = fixture.document.levels.at(-1)!;
    expect(latest(onChange).levels.at(-1)).toMatchObject({
      id: 'level',
      severity: Math.max(0, last.severity - 1),
      actions: [],
    });
    await user.click(screen.getByRole('button', { name: `下移 ${first.title.zh}` }));
    expect(
      latest(onChange)
        .levels.slice(0, 2)
        .map((l) => l.id),
    ).toEqual([second.id, first.id]);
  });

  it('shows issues at the matrix cell they name', () => {
    renderWithProviders(
      <Harness
        issues={[
          {
            path: '$.levels[1].severity',
            code: 'custom',
            message: 'levels must be listed with strictly descending severity',
          },
        ]}
      />,
    );
    const row = screen.getByTestId(`level-${second.id}`);
    expect(
      within(row).getByRole('textbox', { name: `严重度 ${second.title.zh}` }),
    ).toHaveAccessibleDescription('不符合要求（levels must be listed with strictly descending severity）');
    expect(within(row).getByTestId('issue-badge')).toBeInTheDocument();
  });
});
