import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { guidelineDocument } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { ErrorAlert } from './ErrorAlert';

const scorecard = guidelineDocument('service-performance-scorecard', 'scorecard').document;

/** The shape a tRPC client error has when the server's error formatter adds the app error. */
function trpcError(data: Record<string, unknown>, message = 'failed') {
  return Object.assign(new Error(message), { name: 'TRPCClientError', data });
}

describe('ErrorAlert', () => {
  it.each([
    ['zh-CN', 'FORBIDDEN', '无权执行此操作', '职责分离'],
    ['en', 'FORBIDDEN', 'You may not do this', 'Separation of duties'],
    ['zh-CN', 'NOT_FOUND', '找不到对象', '链接有误'],
    ['zh-CN', 'LIMIT', '超出大小或数量限制', '减小'],
    ['zh-CN', 'RATE_LIMITED', '尝试次数过多', '管理员解锁'],
    ['en', 'RATE_LIMITED', 'Too many attempts', 'unlock'],
    ['en', 'UNAUTHORIZED', 'Please sign in', 'session'],
  ] as const)('%s: translates %s', (language, code, title, hint) => {
    renderWithProviders(<ErrorAlert error={trpcError({ appCode: code })} />, { language });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(hint);
    expect(alert).toHaveAttribute('data-error-code', code);
  });

  it('names each issue’s place by the titles in the document and links to the field', async () => {
    const index = scorecard.lines.findIndex((l) => l.id === 'complaints');
    const input = document.createElement('input');
    input.setAttribute('data-path', `$.lines[${index}].points.value`);
    document.body.append(input);
    const { user } = renderWithProviders(
      <ErrorAlert
        document={scorecard}
        error={trpcError({
          appCode: 'VALIDATION',
          issues: [
            {
              path: `$.lines[${index}].points.value`,
              code: 'too_small',
              message: 'Too small: expected number to be >0',
            },
            { path: '$.grades[0].minScore', code: 'invalid_type', message: 'expected number' },
          ],
        })}
      />,
    );
    expect(screen.getByText('共 2 处问题')).toBeInTheDocument();
    const link = screen.getByRole('button', {
      name: `评分项「${scorecard.lines[index]!.title.zh}」 › 分值 › 值`,
    });
    expect(screen.getByText(/数值过小或内容过少（Too small: expected number to be >0）/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '等级「优秀」 › 最低分' })).toBeInTheDocument();
    await user.click(link);
    expect(input).toHaveFocus();
    input.remove();
  });

  it('offers a reload on a conflict', async () => {
    const onReload = vi.fn();
    const { user } = renderWithProviders(
      <ErrorAlert
        error={trpcError({ appCode: 'CONFLICT' }, 'version 3 was changed by someone else')}
        onReload={onReload}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('内容已被他人修改或状态已变化');
    expect(screen.getByRole('alert')).toHaveTextContent('version 3 was changed by someone else');
    await user.click(screen.getByRole('button', { name: '重新加载' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('reads the tRPC code when the server gave no app code, and explains a network failure', () => {
    const { rerender } = renderWithProviders(<ErrorAlert error={trpcError({ code: 'FORBIDDEN' })} />);
    expect(screen.getByRole('alert')).toHaveAttribute('data-error-code', 'FORBIDDEN');
    rerender(<ErrorAlert error={new TypeError('Failed to fetch')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('无法连接服务器');
  });

  it('shows the error id of an internal error and nothing when there is no error', () => {
    const { rerender } = renderWithProviders(
      <ErrorAlert error={trpcError({ appCode: 'INTERNAL', errorId: 'err-42' })} />,
    );
    expect(screen.getByText('错误编号：err-42')).toBeInTheDocument();
    rerender(<ErrorAlert error={null} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
