import { GUIDELINE_POLICIES, findGuidelineSubject } from '@precept/schema';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { guidelineDocument } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { DocumentText } from './DocumentText';

describe('DocumentText', () => {
  it('renders the scorecard as sentences with units, points and grades', () => {
    const { document, subject } = guidelineDocument('service-performance-scorecard', 'scorecard');
    renderWithProviders(<DocumentText document={document} subject={subject} />);
    const text = screen.getByTestId('document-text').textContent ?? '';
    expect(text).toContain('基础分 100 分。总分限定在 0 至 110 分之间。');
    expect(text).toContain('“客户满意率” 低于 95%的部分，每 1% 扣 2 分，最多 10 分');
    expect(text).toContain('条件：客户满意率 小于 95%');
    expect(text).toContain('优秀（A）：95 分及以上');
    expect(text).not.toContain('{"');
  });

  it('renders it in English', () => {
    const { document, subject } = guidelineDocument('service-performance-scorecard', 'scorecard');
    renderWithProviders(<DocumentText document={document} subject={subject} />, { language: 'en' });
    const text = screen.getByTestId('document-text').textContent ?? '';
    expect(text).toContain('Base score 100.');
    expect(text).toContain('"Customer satisfaction rate" below 95%: deduct 2 points per 1%, at most 10');
    expect(text).toContain('Excellent (A): 95 points or more');
  });

  it.each(GUIDELINE_POLICIES.map((p) => [p.policy.key, p] as const))(
    'renders %s without JSON or missing keys',
    (_key, pkg) => {
      renderWithProviders(
        <DocumentText document={pkg.document} subject={findGuidelineSubject(pkg.policy.subjectKey)} />,
      );
      const text = screen.getByTestId('document-text').textContent ?? '';
      expect(text.length).toBeGreaterThan(100);
      expect(text).not.toMatch(/[{}]/);
      expect(text).not.toMatch(/\btext\.|\bcommon\./);
    },
  );
});
