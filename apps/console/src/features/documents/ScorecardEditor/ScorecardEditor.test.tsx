import type { Issue, ScorecardDocument, Subject } from '@precept/schema';
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { guidelineDocument } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { IssuesProvider } from '../../errors/IssuesProvider/IssuesProvider';
import { ScorecardEditor } from './ScorecardEditor';

const fixture = guidelineDocument('service-performance-scorecard', 'scorecard');

function Harness({
  onChange,
  issues = [],
  initial = fixture.document,
  subject = fixture.subject,
}: {
  onChange?: (value: ScorecardDocument) => void;
  issues?: Issue[];
  initial?: ScorecardDocument;
  subject?: Subject;
}) {
  const [value, setValue] = useState(initial);
  return (
    <IssuesProvider issues={issues}>
      <ScorecardEditor
        value={value}
        subject={subject}
        onChange={(next) => {
          setValue(next);
          onChange?.(next);
        }}
      />
    </IssuesProvider>
  );
}

function latest(onChange: ReturnType<typeof vi.fn>): ScorecardDocument {
  const call = onChange.mock.calls.at(-1);
  if (!call) throw new Error('onChange was never called');
  return call[0] as ScorecardDocument;
}

describe('ScorecardEditor', () => {
  it('lists every line with its type, title and a readable summary of its points', () => {
    renderWithProviders(<Harness />);
    const first = screen.getByTestId('line-satisfaction-rate');
    expect(within(first).getByText('扣分')).toBeInTheDocument();
    expect(within(first).getByText('年平均客户满意率低于95%')).toBeInTheDocument();
    expect(
      within(first).getByText(/“客户满意率” 低于 95%的部分，每 1% 扣 2 分，最多 10 分/),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^上移 / }).length).toBeGreaterThanOrEqual(
      fixture.document.lines.length,
    );
    expect(
      screen.getByText(`${fixture.document.lines.filter((l) => l.type === 'deduction').length} 个扣分项`, {
        exact: false,
      }),
    ).toBeInTheDocument();
  });

  it('changes a weight and a threshold of a line', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: '年平均客户满意率低于95%' }));
    const line = screen.getByTestId('line-satisfaction-rate');

    const weight = within(line).getByRole('textbox', { name: '每单位分值' });
    await user.clear(weight);
    await user.type(weight, '3');
    const baseline = within(line).getByRole('textbox', { name: '低于（起算值）' });
    await user.clear(baseline);
    await user.type(baseline, '96');
    const threshold = within(line).getByRole('textbox', { name: '值' });
    await user.clear(threshold);
    await user.type(threshold, '96');

    const edited = latest(onChange).lines.find((l) => l.id === 'satisfaction-rate')!;
    expect(edited.points).toEqual({
      mode: 'perUnit',
      value: 3,
      fact: 'customerSatisfactionRate',
      below: 96,
      cap: 10,
    });
    expect(edited.condition).toEqual({
      all: [{ fact: 'customerSatisfactionRate', operator: 'lessThan', value: 96 }],
    });
    // Nothing else moved.
    expect(latest(onChange).lines.filter((l) => l.id !== 'satisfaction-rate')).toEqual(
      fixture.document.lines.filter((l) => l.id !== 'satisfaction-rate'),
    );
  });

  it('switches a line to fixed points and back to per unit', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: '年平均客户满意率低于95%' }));
    const line = screen.getByTestId('line-satisfaction-rate');
    await user.click(within(line).getByRole('radio', { name: '固定分值' }));
    expect(within(line).queryByRole('textbox', { name: '计量事实' })).not.toBeInTheDocument();
    expect(latest(onChange).lines.find((l) => l.id === 'satisfaction-rate')!.points).toEqual({
      mode: 'fixed',
      value: 2,
    });
    await user.click(within(line).getByRole('radio', { name: '按单位计分' }));
    expect(within(line).getByRole('textbox', { name: '计量事实' })).toBeInTheDocument();
    expect(latest(onChange).lines.find((l) => l.id === 'satisfaction-rate')!.points).toMatchObject({
      mode: 'perUnit',
      value: 2,
    });
  });

  it('adds a deduction and a bonus, moves and removes lines', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    const count = fixture.document.lines.length;
    await user.click(screen.getByRole('button', { name: '添加扣分项' }));
    expect(latest(onChange).lines).toHaveLength(count + 1);
    expect(latest(onChange).lines.at(-1)).toMatchObject({
      id: 'deduction',
      type: 'deduction',
      points: { mode: 'fixed', value: 1 },
    });
    // The new line opens for editing.
    expect(within(screen.getByTestId('line-deduction')).getByRole('textbox', { name: /^标识/ })).toHaveValue(
      'deduction',
    );

    await user.click(screen.getByRole('button', { name: '添加加分项' }));
    expect(latest(onChange).lines.at(-1)).toMatchObject({ id: 'bonus', type: 'bonus' });

    const secondId = fixture.document.lines[1]!.id;
    await user.click(screen.getByRole('button', { name: `上移 ${fixture.document.lines[1]!.title.zh}` }));
    expect(latest(onChange).lines[0]!.id).toBe(secondId);

    await user.click(
      screen.getByRole('button', { name: `删除评分项 ${fixture.document.lines[1]!.title.zh}` }),
    );
    expect(latest(onChange).lines.map((l) => l.id)).not.toContain(secondId);
    expect(latest(onChange).lines).toHaveLength(count + 1);
  });

  it('edits category caps and grade bands', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    const cap = screen.getByRole('textbox', { name: '上限分值 customer' });
    await user.clear(cap);
    await user.type(cap, '15');
    expect(latest(onChange).categoryCaps.find((c) => c.category === 'customer')).toEqual({
      category: 'customer',
      max: 15,
    });

    const minA = screen.getByRole('textbox', { name: '最低分 A' });
    await user.clear(minA);
    await user.type(minA, '92');
    expect(latest(onChange).grades[0]).toEqual({
      grade: 'A',
      label: { zh: '优秀', en: 'Excellent' },
      minScore: 92,
    });

    await user.click(screen.getByRole('button', { name: '添加等级' }));
    expect(latest(onChange).grades.at(-1)).toMatchObject({ grade: 'G', minScore: 0 });
  });

  it('keeps a cleared required number and removes a cleared optional one', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<Harness onChange={onChange} />);
    await user.clear(screen.getByRole('textbox', { name: '最高分' }));
    expect(latest(onChange).maxScore).toBeUndefined();
    expect('maxScore' in latest(onChange)).toBe(false);
    await user.clear(screen.getByRole('textbox', { name: '基础分' }));
    await user.type(screen.getByRole('textbox', { name: '基础分' }), '90');
    expect(latest(onChange).baseScore).toBe(90);
  });

  it('marks a collapsed line that has issues and shows them at the fields once opened', async () => {
    const index = fixture.document.lines.findIndex((l) => l.id === 'complaints');
    const { user } = renderWithProviders(
      <Harness
        issues={[
          {
            path: `$.lines[${index}].points.value`,
            code: 'too_small',
            message: 'Too small: expected number to be >0',
          },
          {
            path: `$.lines[${index}].condition.all[0].value`,
            code: 'invalid_type',
            message: 'expected number',
          },
        ]}
      />,
    );
    const line = screen.getByTestId('line-complaints');
    expect(within(line).getByTestId('issue-badge')).toHaveTextContent('2 个问题');
    await user.click(within(line).getByRole('button', { name: fixture.document.lines[index]!.title.zh }));
    expect(within(line).getByRole('textbox', { name: '每单位分值' })).toHaveAccessibleDescription(
      /数值过小或内容过少/,
    );
    expect(within(line).getByRole('textbox', { name: '值' })).toHaveAttribute('aria-invalid', 'true');
  });
});
