// @vitest-environment node
//
// The annual revision, in real Chromium against a real server on a fresh embedded database: the
// author drafts the scorecard's next version (a weight and a threshold), runs its test cases and
// submits; the author cannot approve it; the reviewer reads the diff, approves and publishes it
// effective on a future date; the playground shows the new score from that date and the old one
// before; the auditor sees every step in an intact audit chain. Once in Chinese, once in English,
// with axe-core on the main pages and screenshots in test-results/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SCREENSHOTS, STEP_TIMEOUT, businessDate, useConsoleSession } from './support';

const POLICY = 'service-performance-scorecard';

/** Facts of an outlet that loses points only for complaints: 3 complaints. */
const FACTS = {
  outletId: 'OUT-E2E',
  outletName: '测试网点',
  period: '2026-12',
  regionType: 'other',
  customerEvaluationRate: 96,
  customerSatisfactionRate: 98,
  bigCustomerSatisfactionRate: 97,
  socialSatisfactionRate: 93,
  mediaExposures: 0,
  complaints: 3,
  etiquetteFindings: 0,
  facilityIntactRate: 100,
  lobbyManagerFindings: 0,
  standardsFindings: 0,
  comprehensiveExpertRate: 95,
  retailExpertRate: 95,
  commendations: 0,
  localServiceRank: 20,
  mediaPraises: 0,
  customerPraises: 0,
};

const TEXT = {
  'zh-CN': {
    signIn: '登录',
    username: '用户名',
    password: '密码',
    newDraft: '起草新版本',
    complaintsLine: '客户投诉',
    perUnit: '每单位分值',
    gradeMin: '最低分 B',
    save: '保存草稿',
    saved: /已于 .* 保存/,
    runTests: '运行测试',
    allPassed: '全部 5 个用例通过',
    submit: '提交审核',
    changeNote: '修改说明（为什么改）',
    sod: '职责分离',
    approve: '批准',
    publish: '发布',
    effectiveDate: '生效日期',
    evaluate: '评估',
    asOf: '评估日期',
    json: '粘贴 JSON',
    policy: '策略',
    switchIdentity: '切换身份',
    chainOk: /哈希链完整/,
    reviewQueue: '审核队列',
    exportEvidence: '导出证据包',
    scheduled: '已排期',
  },
  en: {
    signIn: 'Sign in',
    username: 'Username',
    password: 'Password',
    newDraft: 'Draft next version',
    complaintsLine: 'Customer complaints',
    perUnit: 'Points per unit',
    gradeMin: 'Minimum score B',
    save: 'Save draft',
    saved: /Saved at /,
    runTests: 'Run tests',
    allPassed: 'All 5 test cases pass',
    submit: 'Submit for review',
    changeNote: 'Change note (why)',
    sod: 'Separation of duties',
    approve: 'Approve',
    publish: 'Publish',
    effectiveDate: 'Effective date',
    evaluate: 'Evaluate',
    asOf: 'As of',
    json: 'Paste JSON',
    policy: 'Policy',
    switchIdentity: 'Switch identity',
    chainOk: /The chain holds/,
    reviewQueue: 'Review queue',
    exportEvidence: 'Export evidence',
    scheduled: 'Scheduled',
  },
} as const;

type Language = keyof typeof TEXT;

for (const language of ['zh-CN', 'en'] as const satisfies readonly Language[]) {
  const text = TEXT[language];
  (HAS_CHROMIUM ? describe : describe.skip)(`annual revision of the scorecard (${language})`, () => {
    const session = useConsoleSession(language, text);
    const { shot, accessible, signIn, signOut } = session;
    let page: Page;
    let baseUrl = '';
    const effectiveDate = businessDate(30);
    const dayBefore = businessDate(29);

    beforeAll(() => {
      page = session.page;
      baseUrl = session.baseUrl;
    });

    it(
      'author drafts the next version, changes a weight and a threshold, runs the tests and submits',
      async () => {
        await page.goto(`${baseUrl}/sign-in`);
        await accessible('sign-in');
        await shot('sign-in');
        await signIn('author');
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/张敏/);
        await accessible('dashboard');
        await shot('dashboard');

        await page.goto(`${baseUrl}/policies`);
        await page
          .getByRole('link', {
            name: language === 'en' ? 'Outlet service performance scorecard' : '网点服务绩效考评',
          })
          .waitFor();
        await accessible('policies');
        await shot('policies');

        await page.goto(`${baseUrl}/policies/${POLICY}`);
        await page.getByTestId('document-text').waitFor();
        await accessible('policy');
        await shot('policy');
        await page.getByRole('button', { name: text.newDraft }).click();
        await page.waitForURL(new RegExp(`/policies/${POLICY}/versions/2/edit$`));

        await page.getByRole('button', { name: text.complaintsLine, exact: true }).click();
        const line = page.getByTestId('line-complaints');
        await line.getByRole('textbox', { name: text.perUnit }).fill('3');
        await page.getByRole('textbox', { name: text.gradeMin }).fill('88');
        await page.getByRole('button', { name: text.save }).click();
        await page.getByText(text.saved).waitFor();
        await accessible('draft editor');
        await shot('draft-editor');

        await page.getByRole('button', { name: text.runTests }).click();
        await expect.poll(() => page.getByTestId('test-results').textContent()).toContain(text.allPassed);

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
        await expect
          .poll(() => page.getByTestId('version-timeline').textContent())
          .toMatch(language === 'en' ? /v2In review/ : /第 2 版审核中/);
      },
      STEP_TIMEOUT,
    );

    it(
      'author cannot approve their own draft: the console says why and the server refuses',
      async () => {
        await page.goto(`${baseUrl}/review/${POLICY}/2`);
        await page.getByTestId('sod-notice').waitFor();
        expect(await page.getByTestId('sod-notice').textContent()).toContain(text.sod);
        expect(await page.getByRole('button', { name: text.approve, exact: true }).isDisabled()).toBe(true);
        await shot('review-refused-to-author');
        const refusal = await page.evaluate(async (policyKey) => {
          const response = await fetch('/trpc/policies.approve', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ policyKey, version: 2, lockVersion: 0, comment: 'self-approval' }),
            credentials: 'include',
          });
          const body = (await response.json()) as { error?: { data?: { appCode?: string } } };
          return { status: response.status, code: body.error?.data?.appCode };
        }, POLICY);
        expect(refusal).toEqual({ status: 403, code: 'FORBIDDEN' });
        await signOut();
      },
      STEP_TIMEOUT,
    );

    it(
      'reviewer reads the diff, approves and publishes effective on a future date',
      async () => {
        await signIn('reviewer');
        await page.goto(`${baseUrl}/review`);
        await shot('review-queue');
        await page
          .getByRole('link', {
            name: new RegExp(
              language === 'en' ? 'Outlet service performance scorecard · v2' : '网点服务绩效考评 · 第 2 版',
            ),
          })
          .first()
          .click();
        await page.waitForURL(new RegExp(`/review/${POLICY}/2$`));
        const diff = page.getByTestId('diff');
        await diff.waitFor();
        const rows = diff.getByTestId('diff-row');
        await expect.poll(() => rows.count()).toBe(2);
        expect(await diff.textContent()).toMatch(/2[^0-9]*3/);
        expect(await diff.textContent()).toMatch(/85[^0-9]*88/);
        await expect.poll(() => page.getByTestId('test-results').textContent()).toContain(text.allPassed);
        await accessible('review');
        await shot('review');

        await page.getByRole('button', { name: text.approve, exact: true }).click();
        await page.getByRole('button', { name: text.publish, exact: true }).click();
        await page.getByRole('dialog').getByLabel(text.effectiveDate).fill(effectiveDate);
        await shot('publish-dialog');
        await page.getByRole('dialog').getByRole('button', { name: text.publish, exact: true }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.getByText(text.scheduled).first().waitFor();
      },
      STEP_TIMEOUT,
    );

    it(
      'playground shows the new score from the effective date and the old one the day before',
      async () => {
        await page.goto(`${baseUrl}/playground?policy=${POLICY}`);
        await page.locator('label', { hasText: text.json }).click();
        await page.getByRole('textbox', { name: text.json }).fill(JSON.stringify(FACTS, null, 2));
        const evaluateOn = async (date: string) => {
          await page.getByLabel(text.asOf).fill(date);
          await page.getByRole('button', { name: text.evaluate, exact: true }).click();
          await expect
            .poll(() => page.getByTestId('used-version').textContent())
            .toContain(
              language === 'en'
                ? `Used v${date === effectiveDate ? 2 : 1} `
                : `使用第 ${date === effectiveDate ? 2 : 1} 版`,
            );
          return page.getByTestId('outcome-total').textContent();
        };
        expect(await evaluateOn(dayBefore)).toBe('94');
        expect(await evaluateOn(effectiveDate)).toBe('91');
        await accessible('playground');
        await shot('playground');
        await signOut();
      },
      STEP_TIMEOUT,
    );

    it(
      'auditor sees each step in an intact audit chain',
      async () => {
        await signIn('auditor');
        await page.goto(`${baseUrl}/audit`);
        await expect.poll(() => page.getByTestId('chain-status').textContent()).toMatch(text.chainOk);
        const actions = await page
          .getByTestId('audit-table')
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
        for (const action of [
          'policy.draft.create',
          'policy.draft.update',
          'policy.submit',
          'access.refused',
          'policy.approve',
          'policy.publish',
        ]) {
          expect(actions, action).toContain(action);
        }
        await accessible('audit');
        await shot('audit');

        await page.goto(`${baseUrl}/decisions`);
        await page.getByRole('table').waitFor();
        await accessible('decisions');
        await shot('decisions');

        // The evidence package of this year's decisions up to today (Shanghai days), downloaded.
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
        await page.goto(`${baseUrl}/decisions?from=${today.slice(0, 4)}-01-01&to=${today}`);
        await page.getByRole('table').waitFor();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: text.exportEvidence }).click(),
        ]);
        mkdirSync(SCREENSHOTS, { recursive: true });
        const saved = path.join(SCREENSHOTS, `evidence-${language}.json`);
        await download.saveAs(saved);
        const evidence = JSON.parse(readFileSync(saved, 'utf8')) as {
          count: number;
          rows: { id: string }[];
          sha256: string;
          generatedBy: { actor: string };
          signature: { keyId: string };
        };
        expect(evidence.count).toBeGreaterThan(0);
        expect(evidence.rows).toHaveLength(evidence.count);
        expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(evidence.generatedBy.actor).toBe('auditor');
        // The page says how to check the package offline: its key id and the command.
        expect(await page.getByTestId('signing-key-id').textContent()).toBe(evidence.signature.keyId);
        expect(await page.getByTestId('verify-command').textContent()).toContain(
          download.suggestedFilename(),
        );
      },
      STEP_TIMEOUT,
    );
  });
}
