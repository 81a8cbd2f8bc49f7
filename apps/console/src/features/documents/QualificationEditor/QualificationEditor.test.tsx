import type { Issue, QualificationDocument } from '@precept/schema';
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { guidelineDocument } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { IssuesProvider } from '../../errors/IssuesProvider/IssuesProvider';
import { matrixRows, QualificationEditor } from './QualificationEditor';

const fixture = guidelineDocument('post-qualifications', 'qualification');

function Harness({
  onChange,
  issues = [],
}: {
  onChange?: (value: QualificationDocument) => void;
  issues?: Issue[];
}) {
  const [value, setValue] = useState(fixture.document);
  return (
    <IssuesProvider issues={issues}>
      <QualificationEditor
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

function latest(onChange: ReturnType<typeof vi.fn>): QualificationDocument {
  const call = onChange.mock.calls.at(-1);
  if (!call) throw new Error('onChange was never called');
  return call[0] as QualificationDocument;
}

const teller = fixture.document.posts.find((p) => p.id === 'comprehensive-teller')!;
const manager = fixture.document.posts.find((p) => p.id === 'outlet-manager')!;

describe('matrixRows', () => {
  it('has one row per distinct requirement id, in order of first appearance', () => {
    const rows = matrixRows(fixture.document.posts);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, teller.requirements.length)).toEqual(teller.requirements.map((r) => r.id));
    const everyId = new Set(fixture.document.posts.flatMap((p) => p.requirements.map((r) => r.id)));
    expect(new Set(ids)).toEqual(everyId);
  });
});

describe('QualificationEditor', () => {
  it('shows posts × requirements with a tick where a post requires it', () => {
    renderWithProviders(<Harness />);
    const matrix = screen.getByRole('table', { name: '岗位 × 要求 矩阵' });
    expect(within(matrix).getAllByRole('columnheader')).toHaveLength(fixture.document.posts.length + 1);
    expect(within(matrix).getByRole('columnheader', { name: '综合柜员' })).toBeInTheDocument();
    const cashCounting = teller.requirements.find((r) => r.id === 'test-cash-counting')!;
    expect(screen.getByRole('checkbox', { name: `综合柜员 需要 ${cashCounting.title.zh}` })).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: `网点主任 需要 ${cashCounting.title.zh}` }),
    ).not.toBeChecked();
    // A cell says what is required: code, minimum level, validity.
    expect(within(matrix).getAllByText('CASH-COUNTING · ≥1级 · 24个月').length).toBeGreaterThan(0);
  });

  it('ticks a cell to add the requirement to a post and unticks to remove it', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    const cashCounting = teller.requirements.find((r) => r.id === 'test-cash-counting')!;
    await user.click(screen.getByRole('checkbox', { name: `网点主任 需要 ${cashCounting.title.zh}` }));
    const added = latest(onChange).posts.find((p) => p.id === 'outlet-manager')!;
    expect(added.requirements.at(-1)).toEqual(cashCounting);
    expect(added.requirements).toHaveLength(manager.requirements.length + 1);

    await user.click(screen.getByRole('checkbox', { name: `综合柜员 需要 ${cashCounting.title.zh}` }));
    const removed = latest(onChange).posts.find((p) => p.id === 'comprehensive-teller')!;
    expect(removed.requirements.map((r) => r.id)).not.toContain('test-cash-counting');
    expect(
      screen.getByRole('checkbox', { name: `综合柜员 需要 ${cashCounting.title.zh}` }),
    ).not.toBeChecked();
  });

  it('edits a requirement’s minimum level and validity in the post details', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    const requirement = teller.requirements.find((r) => r.id === 'test-retail-counter')!;
    const row = screen.getByTestId('requirement-comprehensive-teller-test-retail-counter');
    await user.click(within(row).getByRole('button', { name: requirement.title.zh }));
    const level = within(row).getByRole('textbox', { name: '最低等级' });
    await user.clear(level);
    await user.type(level, '2');
    const months = within(row).getByRole('textbox', { name: '有效期（月）' });
    await user.clear(months);
    await user.type(months, '12');
    expect(latest(onChange).posts[0]!.requirements.find((r) => r.id === 'test-retail-counter')).toMatchObject(
      {
        type: 'skillTest',
        minLevel: 2,
        maxAgeMonths: 12,
      },
    );
    // The matrix follows.
    const matrix = screen.getByRole('table', { name: '岗位 × 要求 矩阵' });
    expect(within(matrix).getAllByText('RETAIL-COUNTER · ≥2级 · 12个月')).toHaveLength(1);
  });

  it('changes a requirement’s type: a condition gets a condition builder', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    const requirement = teller.requirements.find((r) => r.id === 'post-training')!;
    const row = screen.getByTestId('requirement-comprehensive-teller-post-training');
    await user.click(within(row).getByRole('button', { name: requirement.title.zh }));
    await user.click(within(row).getByRole('textbox', { name: '类型' }));
    await user.click(screen.getByRole('option', { name: '条件' }));
    const changed = latest(onChange).posts[0]!.requirements.find((r) => r.id === 'post-training')!;
    expect(changed.type).toBe('condition');
    expect(within(row).getByRole('group', { name: '条件' })).toBeInTheDocument();
    expect(within(row).queryByRole('textbox', { name: '编码' })).not.toBeInTheDocument();
  });

  it('switches posts in the details and flags a post with issues', async () => {
    const { user } = renderWithProviders(
      <Harness
        issues={[{ path: '$.posts[1].requirements[0].code', code: 'too_small', message: 'Too small' }]}
      />,
    );
    const tab = screen.getByRole('tab', { name: /网点主任/ });
    expect(within(tab).getByTestId('issue-badge')).toHaveTextContent('1 个问题');
    await user.click(tab);
    const row = screen.getByTestId(`requirement-outlet-manager-${manager.requirements[0]!.id}`);
    await user.click(within(row).getByRole('button', { name: manager.requirements[0]!.title.zh }));
    expect(within(row).getByRole('textbox', { name: /编码/ })).toHaveAttribute('aria-invalid', 'true');
  });

  it('adds a post with the first requirement as a start', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: '添加岗位' }));
    const added = latest(onChange).posts.at(-1)!;
    expect(added).toMatchObject({ id: 'post', title: { zh: '新岗位' } });
    expect(added.requirements).toEqual([teller.requirements[0]]);
    expect(screen.getByRole('tab', { name: /新岗位/ })).toHaveAttribute('aria-selected', 'true');
  });
});
