// @vitest-environment node
//
// The annual revision, in real Chromium against a real server on a fresh embedded database: the
// author drafts the scorecard's next version (a weight and a threshold), runs its test cases and
// submits; the author cannot approve it; the reviewer reads the diff, approves and publishes it
// effective on a future date; the playground shows the new score from that date and the old one
// before; the auditor sees every step in an intact audit chain. Once in Chinese, once in English,
// with axe-core on the main pages and screenshots in test-results/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, loadConfig, type PreceptServer } from '@precept/server';
import { DEFAULT_TIME_ZONE, dateIn } from '@precept/schema';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOTS = path.join(CONSOLE_DIR, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const PASSWORD = 'e2e-demo-password';
const POLICY = 'service-performance-scorecard';
/** A browser step can take a while on a loaded two-core machine. */
const STEP_TIMEOUT = 180_000;

if (!HAS_CHROMIUM) {
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (install chromium or set CHROMIUM_PATH)`);
}

/** Builds the console once for both languages. */
let built: Promise<string> | undefined;
function buildConsole(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'precept-console-'));
    await build({
      root: CONSOLE_DIR,
      configFile: path.join(CONSOLE_DIR, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}

/** `YYYY-MM-DD` of today plus `days`, in the business time zone (the server's default, Asia/Shanghai). */
function businessDate(days: number): string {
  return dateIn(new Date(Date.now() + days * 86_400_000), DEFAULT_TIME_ZONE);
}

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

/**
 * How long a step waits for the page to show what it expects: the pages' own 20 s, not expect.poll's
 * default second, which a busy machine can miss between a navigation and its render.
 */
const POLL = { timeout: 20_000 };

/**
 * Runs axe-core in the page; returns the serious and critical violations. axe goes in through the
 * DevTools protocol, as a person's devtools would run it: the console's Content-Security-Policy
 * refuses inline scripts, and stays on here so that the app is tested under it.
 */
async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const devtools = await page.context().newCDPSession(page);
  try {
    await devtools.send('Runtime.evaluate', { expression: axe.source });
  } finally {
    await devtools.detach();
  }
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: String(v.impact),
        nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`),
      }));
  });
}

for (const language of ['zh-CN', 'en'] as const satisfies readonly Language[]) {
  const text = TEXT[language];
  (HAS_CHROMIUM ? describe : describe.skip)(`annual revision of the scorecard (${language})`, () => {
    let server: PreceptServer;
    let baseUrl = '';
    let dataDir = '';
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const effectiveDate = businessDate(30);
    const dayBefore = businessDate(29);

    const shot = async (name: string) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${language}-${name}.png`), fullPage: true });
    };
    /** What the browser refused under the console's Content-Security-Policy (nothing, ever). */
    const cspViolations: string[] = [];
    const accessible = async (name: string) => {
      const violations = await seriousViolations(page);
      expect(violations, `axe on ${name}`).toEqual([]);
      expect(cspViolations, `CSP on ${name}`).toEqual([]);
    };
    /** Signs in through the sign-in page with the keyboard only. */
    const signIn = async (username: string) => {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel(text.username).focus();
      await page.keyboard.type(username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      try {
        await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      } catch (error) {
        await shot(`sign-in-failed-${username}`);
        throw error;
      }
    };
    const signOut = async () => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: text.switchIdentity }).click();
      await page.waitForURL(/\/sign-in/);
    };

    beforeAll(async () => {
      const consoleDir = await buildConsole();
      dataDir = mkdtempSync(path.join(tmpdir(), 'precept-e2e-'));
      server = await createServer(
        loadConfig({
          NODE_ENV: 'test',
          PORT: '0',
          PRECEPT_DATA_DIR: dataDir,
          PRECEPT_CONSOLE_DIR: consoleDir,
          PRECEPT_DEMO_PASSWORD: PASSWORD,
          PRECEPT_SWEEP_INTERVAL_MS: '0',
          LOG_LEVEL: 'warn',
        }),
      );
      baseUrl = (await server.listen(0, '127.0.0.1')).url.replace(/\/$/, '');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        locale: language === 'en' ? 'en-US' : 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      await context.addInitScript((lng) => localStorage.setItem('precept.language', lng), language);
      page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'author drafts the next version, changes a weight and a threshold, runs the tests and submits',
      async () => {
        await page.goto(`${baseUrl}/sign-in`);
        await accessible('sign-in');
        await shot('sign-in');
        await signIn('author');
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toMatch(/张敏/);
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
        await expect
          .poll(() => page.getByTestId('test-results').textContent(), POLL)
          .toContain(text.allPassed);

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
        await expect.poll(() => rows.count(), POLL).toBe(2);
        expect(await diff.textContent()).toMatch(/2[^0-9]*3/);
        expect(await diff.textContent()).toMatch(/85[^0-9]*88/);
        await expect
          .poll(() => page.getByTestId('test-results').textContent(), POLL)
          .toContain(text.allPassed);
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
        await expect.poll(() => page.getByTestId('chain-status').textContent(), POLL).toMatch(text.chainOk);
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
        };
        expect(evidence.count).toBeGreaterThan(0);
        expect(evidence.rows).toHaveLength(evidence.count);
        expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(evidence.generatedBy.actor).toBe('auditor');
      },
      STEP_TIMEOUT,
    );
  });
}
