// @vitest-environment node
//
// Impact analysis inside the review, in real Chromium against a real server on a fresh embedded
// database with the demo decisions: the author drafts the scorecard's next version (complaints
// cost more, grade B needs more) and submits it — in English after running the analysis on the
// draft's Impact tab, in Chinese letting the submit run it. The reviewer opens the Impact tab,
// reads the verdict matrix, lists the decisions of one changed cell, opens one (both outcomes and
// the facts), downloads the changed cases as CSV (UTF-8 with a byte-order mark) and approves —
// the approval naming the report read. axe-clean, screenshots in test-results/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SCREENSHOTS, STEP_TIMEOUT, useConsoleSession } from './support';

const POLICY = 'service-performance-scorecard';

const TEXT = {
  'zh-CN': {
    username: '用户名',
    switchIdentity: '切换身份',
    newDraft: '起草新版本',
    complaintsLine: '客户投诉',
    perUnit: '每单位分值',
    gradeMin: '最低分 B',
    save: '保存草稿',
    saved: /已于 .* 保存/,
    submit: '提交审核',
    changeNote: '修改说明（为什么改）',
    impactTab: '影响分析',
    run: '运行影响分析',
    details: '详情',
    downloadCsv: '下载 CSV',
    csvHeader: '之前结论',
    approve: '批准',
    publish: '发布',
    approved: '已批准',
  },
  en: {
    username: 'Username',
    switchIdentity: 'Switch identity',
    newDraft: 'Draft next version',
    complaintsLine: 'Customer complaints',
    perUnit: 'Points per unit',
    gradeMin: 'Minimum score B',
    save: 'Save draft',
    saved: /Saved at /,
    submit: 'Submit for review',
    changeNote: 'Change note (why)',
    impactTab: 'Impact',
    run: 'Run impact analysis',
    details: 'Details',
    downloadCsv: 'Download CSV',
    csvHeader: 'Verdict before',
    approve: 'Approve',
    publish: 'Publish',
    approved: 'Approved',
  },
} as const;

for (const language of ['zh-CN', 'en'] as const) {
  const text = TEXT[language];
  (HAS_CHROMIUM ? describe : describe.skip)(`impact analysis in the review (${language})`, () => {
    const session = useConsoleSession(language, text);
    const { shot, shots, accessible, signIn, signOut } = session;
    let page: Page;
    let baseUrl = '';

    beforeAll(() => {
      page = session.page;
      baseUrl = session.baseUrl;
    });

    it(
      'the author drafts a change to the scorecard and submits it with its impact analysis',
      async () => {
        await signIn('author');
        await page.goto(`${baseUrl}/policies/${POLICY}`);
        await page.getByTestId('document-text').waitFor();
        await page.getByRole('button', { name: text.newDraft }).click();
        await page.waitForURL(new RegExp(`/policies/${POLICY}/versions/2/edit$`));
        await page.getByRole('button', { name: text.complaintsLine, exact: true }).click();
        await page.getByTestId('line-complaints').getByRole('textbox', { name: text.perUnit }).fill('3');
        await page.getByRole('textbox', { name: text.gradeMin }).fill('88');
        await page.getByRole('button', { name: text.save }).click();
        await page.getByText(text.saved).waitFor();

        if (language === 'en') {
          // Run the analysis on the draft first: progress, then the findings.
          await page.getByRole('tab', { name: text.impactTab }).click();
          await page.getByTestId('impact-none').waitFor();
          await page.getByRole('button', { name: text.run }).click();
          await expect.poll(() => page.getByTestId('impact-status').getAttribute('data-status')).toBe('done');
          await page.getByTestId('verdict-matrix').waitFor();
          await accessible('draft impact');
          await shot('impact-draft-1440');
        }

        await page.getByRole('button', { name: text.submit }).click();
        await page
          .getByRole('textbox', { name: text.changeNote })
          .fill(
            language === 'en'
              ? 'Complaints cost 3 points each; grade B from 88.'
              : '客户投诉每件扣3分；良好等级提高到88分。',
          );
        await page.getByRole('dialog').getByRole('button', { name: text.submit }).click();
        await page.waitForURL(new RegExp(`/policies/${POLICY}\\?tab=versions`));
        await signOut();
      },
      STEP_TIMEOUT,
    );

    it(
      'the reviewer reads the impact, opens a changed decision, downloads the CSV and approves',
      async () => {
        await signIn('reviewer');
        await page.goto(`${baseUrl}/review/${POLICY}/2`);
        await page.getByTestId('impact-summary').waitFor();
        await page.getByRole('tab', { name: text.impactTab }).click();
        const matrix = page.getByTestId('verdict-matrix');
        await matrix.waitFor();
        expect(await page.getByTestId('impact-current').count()).toBe(1);
        const changed = Number((await page.getByTestId('impact-changed').textContent())?.replace(/\D/g, ''));
        expect(changed).toBeGreaterThan(0);
        await page.getByTestId('distribution').first().waitFor();

        // One changed cell of the matrix lists exactly its decisions.
        const cell = matrix.locator('[data-changed] button').first();
        const cellCount = Number((await cell.textContent())?.replace(/\D/g, ''));
        const pair = (await matrix.locator('[data-changed]').first().getAttribute('data-cell')) ?? '';
        await cell.click();
        expect(await cell.getAttribute('aria-pressed')).toBe('true');
        const rows = page.getByTestId('cases-table').locator('tbody tr[data-decision]');
        await expect
          .poll(() => page.getByTestId('cases-shown').textContent())
          .toMatch(new RegExp(`${cellCount}\\D*${cellCount}`));
        // Virtualised: at most the rows in view (and a few more) are in the table.
        const inDom = await rows.count();
        expect(inDom).toBeGreaterThan(0);
        expect(inDom).toBeLessThanOrEqual(Math.min(cellCount, 40));
        await accessible('review impact');
        await shots('impact-review');

        // Drill down: what changes, both outcomes, the facts.
        await rows
          .first()
          .getByRole('button', { name: new RegExp(text.details) })
          .click();
        const dialog = page.getByRole('dialog');
        await dialog.getByTestId('impact-case').waitFor();
        expect(await dialog.getByTestId('case-changes').locator('tbody tr').count()).toBeGreaterThan(0);
        await dialog.getByTestId('outcome-before').getByTestId('outcome').waitFor();
        await dialog.getByTestId('outcome-after').getByTestId('outcome').waitFor();
        expect(await dialog.getByTestId('case-facts').textContent()).toContain('complaints');
        await accessible('impact case');
        await shot('impact-case-1440');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });

        // The changed cases of that cell as CSV: a byte-order mark, the headings in the reader's language.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: text.downloadCsv }).click(),
        ]);
        mkdirSync(SCREENSHOTS, { recursive: true });
        const saved = path.join(SCREENSHOTS, `impact-cases-${language}.csv`);
        await download.saveAs(saved);
        const bytes = readFileSync(saved);
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const parsed = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true });
        expect(parsed.errors).toEqual([]);
        expect(parsed.data[0]).toContain(text.csvHeader);
        expect(parsed.data.length - 1).toBe(cellCount);
        expect(pair).toContain('→');

        // Approve: the approval names the report read (the one the summary beside the buttons shows).
        const summary = (await page.getByTestId('impact-summary').textContent()) ?? '';
        const approved = page.waitForResponse((r) => r.url().includes('policies.approve'));
        await page.getByRole('button', { name: text.approve, exact: true }).click();
        const body = (await (await approved).request().postDataJSON()) as
          { impactReportId?: string } | Record<string, { impactReportId?: string }>;
        const input = 'impactReportId' in body ? body : Object.values(body)[0];
        expect(input?.impactReportId).toMatch(/.+/);
        expect(summary).toContain(input?.impactReportId ?? '?');
        await page.getByRole('button', { name: text.publish, exact: true }).waitFor();
        await signOut();
      },
      STEP_TIMEOUT,
    );
  });
}
