import type { Issue, Subject, TopLevelCondition } from '@precept/schema';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { guidelineSubject } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { IssuesProvider } from '../../errors/IssuesProvider/IssuesProvider';
import { ConditionBuilder } from './ConditionBuilder';

/** A subject with one field of each kind the value inputs care about. */
const kitchenSink: Subject = {
  key: 'kitchen-sink',
  title: { zh: '测试', en: 'Test' },
  fields: [
    { name: 'rate', type: 'number', label: { zh: '满意率', en: 'Satisfaction' }, unit: '%', required: true },
    { name: 'count', type: 'integer', label: { zh: '投诉', en: 'Complaints' }, unit: '件', required: true },
    {
      name: 'region',
      type: 'enum',
      label: { zh: '地区类型', en: 'Region type' },
      required: true,
      values: [
        { value: 'capital', label: { zh: '省会', en: 'Capital' } },
        { value: 'other', label: { zh: '其他', en: 'Other' } },
      ],
    },
    { name: 'issuedOn', type: 'date', label: { zh: '发证日期', en: 'Issued on' }, required: false },
    { name: 'tags', type: 'string[]', label: { zh: '标签', en: 'Tags' }, required: false },
    { name: 'onDuty', type: 'boolean', label: { zh: '在岗', en: 'On duty' }, required: true },
  ],
};

function Harness({
  initial,
  subject = kitchenSink,
  onChange,
  issues = [],
}: {
  initial: TopLevelCondition;
  subject?: Subject;
  onChange?: (value: TopLevelCondition) => void;
  issues?: Issue[];
}) {
  const [value, setValue] = useState(initial);
  return (
    <IssuesProvider issues={issues}>
      <ConditionBuilder
        value={value}
        onChange={(next) => {
          setValue(next);
          onChange?.(next);
        }}
        subject={subject}
        path="$.condition"
      />
    </IssuesProvider>
  );
}

function lastCall<T>(fn: { mock: { calls: T[][] } }): T {
  const call = fn.mock.calls.at(-1);
  if (!call) throw new Error('never called');
  return call[0] as T;
}

/** Opens a Mantine select by its accessible name and picks the option with this text. */
async function pick(
  user: ReturnType<typeof renderWithProviders>['user'],
  select: HTMLElement,
  option: string,
) {
  await user.click(select);
  const listbox = screen.getByRole('listbox');
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await user.click(within(listbox).getByRole('option', { name: new RegExp(`^${escaped}`) }));
}

describe('ConditionBuilder', () => {
  it('shows a leaf with the fact label, the operator label and the value with its unit', () => {
    renderWithProviders(<Harness initial={{ all: [{ fact: 'rate', operator: 'lessThan', value: 95 }] }} />);
    expect(screen.getByRole('textbox', { name: '事实' })).toHaveValue('满意率（%）');
    expect(screen.getByRole('textbox', { name: '运算符' })).toHaveValue('小于');
    expect(screen.getByRole('textbox', { name: '值' })).toHaveValue('95');
    expect(screen.getByText('%')).toBeInTheDocument();
  });

  it('adds a condition and a nested group', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness initial={{ all: [{ fact: 'rate', operator: 'lessThan', value: 95 }] }} onChange={onChange} />,
    );
    await user.click(screen.getAllByRole('button', { name: '添加条件' })[0]!);
    expect(screen.getAllByTestId('condition-leaf')).toHaveLength(2);
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [
        { fact: 'rate', operator: 'lessThan', value: 95 },
        { fact: 'rate', operator: 'equal', value: 0 },
      ],
    });
    await user.click(screen.getAllByRole('button', { name: '添加条件组' })[0]!);
    const value = lastCall<TopLevelCondition>(onChange);
    expect('all' in value && value.all[2]).toEqual({ all: [{ fact: 'rate', operator: 'equal', value: 0 }] });
    expect(screen.getAllByRole('group', { name: '条件' })).toHaveLength(2);
  });

  it('offers only the operators that apply to the picked field', async () => {
    const { user } = renderWithProviders(
      <Harness initial={{ all: [{ fact: 'region', operator: 'equal', value: 'capital' }] }} />,
    );
    await user.click(screen.getByRole('textbox', { name: '运算符' }));
    const names = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(names).toEqual(['等于', '不等于', '属于', '不属于', '已填写']);
    expect(names).not.toContain('大于');
  });

  it('changes the value input when the operator changes: one number → a range → a list', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness initial={{ all: [{ fact: 'rate', operator: 'lessThan', value: 95 }] }} onChange={onChange} />,
    );
    await pick(user, screen.getByRole('textbox', { name: '运算符' }), '介于(含)');
    expect(screen.queryByRole('textbox', { name: '值' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '下限' })).toHaveValue('95');
    expect(screen.getByRole('textbox', { name: '上限' })).toHaveValue('95');
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [{ fact: 'rate', operator: 'between', value: [95, 95] }],
    });

    await user.clear(screen.getByRole('textbox', { name: '上限' }));
    await user.type(screen.getByRole('textbox', { name: '上限' }), '100');
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [{ fact: 'rate', operator: 'between', value: [95, 100] }],
    });

    await pick(user, screen.getByRole('textbox', { name: '运算符' }), '属于');
    // Both bounds of the range become items of the list.
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [{ fact: 'rate', operator: 'in', value: [95, 100] }],
    });
    expect(screen.getByPlaceholderText('输入后回车添加')).toBeInTheDocument();
  });

  it('switches to an enum select with the field’s labels when the fact changes', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness
        initial={{ all: [{ fact: 'rate', operator: 'greaterThan', value: 90 }] }}
        onChange={onChange}
      />,
    );
    await pick(user, screen.getByRole('textbox', { name: '事实' }), '地区类型');
    // greaterThan does not apply to an enum: the first applicable operator replaces it.
    expect(screen.getByRole('textbox', { name: '运算符' })).toHaveValue('等于');
    expect(screen.getByRole('textbox', { name: '值' })).toHaveValue('省会');
    await pick(user, screen.getByRole('textbox', { name: '值' }), '其他');
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [{ fact: 'region', operator: 'equal', value: 'other' }],
    });
  });

  it.each([
    ['a count of days', 'issuedOn', 'withinDaysBefore', 30, '天'],
    ['a count of months', 'issuedOn', 'olderThanMonths', 12, '个月'],
  ])('gives date-relative operators %s', async (_what, fact, operator, expected, unit) => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness
        initial={{ all: [{ fact, operator: 'dateBefore', value: '2026-01-01' }] }}
        onChange={onChange}
      />,
    );
    expect(screen.getByLabelText('值')).toHaveAttribute('type', 'date');
    const label = { withinDaysBefore: '距评估日N天内(之前)', olderThanMonths: '早于评估日N个月以上' }[
      operator
    ]!;
    await pick(user, screen.getByRole('textbox', { name: '运算符' }), label);
    expect(screen.getByRole('textbox', { name: '值' })).toHaveValue(String(expected));
    expect(screen.getByText(unit)).toBeInTheDocument();
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({ all: [{ fact, operator, value: expected }] });
  });

  it('edits a date, a yes/no and a list of elements', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness
        initial={{
          all: [
            { fact: 'issuedOn', operator: 'dateAfter', value: '2026-01-01' },
            { fact: 'onDuty', operator: 'equal', value: true },
            { fact: 'tags', operator: 'containsAny', value: [] },
          ],
        }}
        onChange={onChange}
      />,
    );
    fireEvent.change(screen.getByLabelText('值', { selector: 'input[type="date"]' }), {
      target: { value: '2026-06-30' },
    });
    await user.click(screen.getByRole('radio', { name: '否' }));
    await user.type(screen.getByPlaceholderText('输入后回车添加'), 'VIP{enter}');
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [
        { fact: 'issuedOn', operator: 'dateAfter', value: '2026-06-30' },
        { fact: 'onDuty', operator: 'equal', value: false },
        { fact: 'tags', operator: 'containsAny', value: ['VIP'] },
      ],
    });
  });

  it('switches all/any and negates a group', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness
        initial={{ all: [{ fact: 'count', operator: 'greaterThan', value: 0 }] }}
        onChange={onChange}
      />,
    );
    await user.click(screen.getByRole('radio', { name: '任一满足（或）' }));
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      any: [{ fact: 'count', operator: 'greaterThan', value: 0 }],
    });
    await user.click(screen.getByRole('checkbox', { name: '取反（非）' }));
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      not: { any: [{ fact: 'count', operator: 'greaterThan', value: 0 }] },
    });
    expect(screen.getByRole('checkbox', { name: '取反（非）' })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: '取反（非）' }));
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      any: [{ fact: 'count', operator: 'greaterThan', value: 0 }],
    });
  });

  it('removes a condition but keeps the root a group', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(
      <Harness
        initial={{
          all: [
            { fact: 'count', operator: 'greaterThan', value: 0 },
            { fact: 'rate', operator: 'lessThan', value: 90 },
          ],
        }}
        onChange={onChange}
      />,
    );
    await user.click(screen.getAllByRole('button', { name: '删除条件' })[0]!);
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [{ fact: 'rate', operator: 'lessThan', value: 90 }],
    });
  });

  it('compares with another fact of the same type', async () => {
    const onChange = vi.fn();
    const subject = guidelineSubject('org-unit');
    const { user } = renderWithProviders(
      <Harness
        subject={subject}
        initial={{ all: [{ fact: 'bigCustomerLoyaltyRate', operator: 'greaterThan', value: 0 }] }}
        onChange={onChange}
      />,
    );
    await user.click(screen.getByRole('button', { name: '与另一事实比较' }));
    await pick(user, screen.getAllByRole('textbox', { name: '事实' })[1]!, '同业大客户忠诚度（%）');
    expect(lastCall<TopLevelCondition>(onChange)).toEqual({
      all: [
        {
          fact: 'bigCustomerLoyaltyRate',
          operator: 'greaterThan',
          value: { fact: 'peerBigCustomerLoyaltyRate' },
        },
      ],
    });
  });

  it('shows an issue at the input its JSON path names', () => {
    renderWithProviders(
      <Harness
        initial={{
          all: [
            { fact: 'rate', operator: 'lessThan', value: 95 },
            { fact: 'nope', operator: 'equal', value: 1 },
          ],
        }}
        issues={[
          { path: '$.condition.all[0].value', code: 'too_big', message: 'must be at most 100' },
          { path: '$.condition.all[1].fact', code: 'unknown_fact', message: 'unknown fact "nope"' },
        ]}
      />,
    );
    const value = screen.getByRole('textbox', { name: '值' });
    expect(value).toHaveAttribute('aria-invalid', 'true');
    expect(value).toHaveAccessibleDescription(/数值过大或内容过多（must be at most 100）/);
    expect(screen.getAllByRole('textbox', { name: '事实' })[1]).toHaveAccessibleDescription(
      'unknown fact "nope"',
    );
  });

  it('speaks English when the console does', () => {
    renderWithProviders(<Harness initial={{ all: [{ fact: 'rate', operator: 'lessThan', value: 95 }] }} />, {
      language: 'en',
    });
    expect(screen.getByRole('textbox', { name: 'Fact' })).toHaveValue('Satisfaction (%)');
    expect(screen.getByRole('textbox', { name: 'Operator' })).toHaveValue('less than');
    expect(screen.getByRole('button', { name: 'Add condition' })).toBeInTheDocument();
  });
});
