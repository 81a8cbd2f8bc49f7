import type { ImpactReport } from '@precept/schema';
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import type { ImpactController } from '../use-impact-report';
import { ImpactRunBar } from './ImpactRunBar';

const report = (patch: Partial<ImpactReport>): ImpactReport => ({
  id: 'impact-1',
  policyKey: 'service-performance-scorecard',
  version: 2,
  contentHash: 'sha256:x',
  baselineVersion: 1,
  baselineHash: 'sha256:y',
  from: '2025-12-07T00:00:00.000Z',
  to: '2026-12-07T00:00:00.000Z',
  status: 'done',
  progress: { done: 144, total: 144 },
  startedBy: 'author',
  startedAt: '2026-12-07T00:30:00.000Z',
  finishedAt: '2026-12-07T00:30:05.000Z',
  error: null,
  summary: null,
  reportHash: 'sha256:z',
  current: true,
  casesStored: 0,
  ...patch,
});

const controller = (patch: Partial<ImpactController>): ImpactController => ({
  report: null,
  latest: { data: null, error: null, isPending: false, refetch: () => {} },
  run: vi.fn(),
  cancel: vi.fn(),
  isStarting: false,
  isCancelling: false,
  error: null,
  ...patch,
});

describe('ImpactRunBar', () => {
  it('runs the analysis over the window chosen', async () => {
    const impact = controller({});
    const { user } = renderWithProviders(<ImpactRunBar impact={impact} canRun />);
    expect(screen.getByTestId('impact-none')).toHaveTextContent('此版本尚未运行影响分析。');
    await user.click(screen.getByRole('textbox', { name: '时间范围' }));
    await user.click(screen.getByRole('option', { name: '近 6 个月' }));
    await user.click(screen.getByRole('button', { name: '运行影响分析' }));
    expect(impact.run).toHaveBeenCalledWith(6);
  });

  it('shows progress while it runs and cancels it; running again waits', async () => {
    const impact = controller({
      report: report({ status: 'running', progress: { done: 4000, total: 10000 } }),
    });
    const { user } = renderWithProviders(<ImpactRunBar impact={impact} canRun />, { language: 'en' });
    expect(screen.getByRole('progressbar', { name: 'Impact analysis progress' })).toHaveAttribute(
      'aria-valuenow',
      '40',
    );
    expect(screen.getByTestId('impact-progress')).toHaveTextContent(
      'Re-evaluating: 4,000 / 10,000 decisions',
    );
    expect(screen.getByRole('button', { name: 'Run again' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Cancel the run' }));
    expect(impact.cancel).toHaveBeenCalled();
  });

  it('says when a report is out of date, failed, or cannot be run from an unsaved draft', () => {
    const { rerender } = renderWithProviders(
      <ImpactRunBar
        impact={controller({ report: report({ current: false }) })}
        canRun
        disabledReason="先保存"
      />,
    );
    expect(screen.getByTestId('impact-current')).toHaveTextContent('已过期');
    expect(screen.getByTestId('impact-stale')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重新运行' })).toBeDisabled();
    expect(screen.getByText('先保存')).toBeInTheDocument();
    rerender(
      <ImpactRunBar
        impact={controller({ report: report({ status: 'failed', error: 'stopped without progress' }) })}
        canRun={false}
      />,
    );
    expect(screen.getByText('影响分析失败：stopped without progress')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重新运行' })).toBeNull();
  });
});
