// @vitest-environment node
//
// The decision log as a compliance record, in real Chromium against a real server on a fresh
// embedded database. The post qualifications get a version that reads the staff number, and a
// reviewer evaluates an employee with it: the log keeps the staff number in clear (the version
// reads it) and the name and age only as pseudonyms. The reviewer sees every personal value as a
// pseudonym, with the page saying why, and the employee subject marks its personal fields; the
// auditor sees the stored values and finds the decision by the staff number. The auditor requests
// a legal hold, cannot approve it, and an administrator does; retention runs and keeps what is
// held. The auditor exports a signed audit package and the console verifies it — and refuses a
// changed copy. Once in Chinese, once in English, axe-clean, with screenshots at 1440 and 390 px
// in test-results/screenshots/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findGuidelinePolicy, type PolicyDocument, type PolicyVersionDetail } from '@precept/schema';
import { request, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HAS_CHROMIUM,
  PASSWORD,
  SCREENSHOTS,
  STEP_TIMEOUT,
  businessDate,
  useConsoleSession,
} from './support';

const POLICY = 'post-qualifications';
const STAFF_NUMBER = 'E-7001';
const NAME = '测试员工';

const TEXT = {
  'zh-CN': {
    username: '用户名',
    switchIdentity: '切换身份',
    policyTitle: '一线岗位任职资格',
    verdict: '结论',
    personSearch: '按人员查找',
    replay: '重放',
    replayIdentical: '重放结果与记录一致',
    requestHold: '申请法律冻结',
    holdPolicy: '策略',
    holdFrom: '自（含）',
    holdTo: '至（含）',
    reason: '原因',
    submitRequest: '提交申请',
    holdReason: '监管检查：保留岗位资格判定',
    requested: '待批准',
    active: '生效中',
    adminDecides: '由管理员决定',
    ownRequest: '这是你的申请，由他人决定',
    approve: '批准',
    comment: '意见',
    runNow: '立即执行保留任务',
    firstDay: '起始日',
    lastDay: '截止日',
    exportSigned: '导出证据包',
    verify: '校验',
    holdRequestedAction: '申请法律冻结',
    holdApprovedAction: '批准法律冻结',
  },
  en: {
    username: 'Username',
    switchIdentity: 'Switch identity',
    policyTitle: 'Front-line post qualifications',
    verdict: 'Verdict',
    personSearch: 'Find a person',
    replay: 'Replay',
    replayIdentical: 'The replay matches the record',
    requestHold: 'Request a legal hold',
    holdPolicy: 'Policy',
    holdFrom: 'From (included)',
    holdTo: 'To (included)',
    reason: 'Reason',
    submitRequest: 'Submit the request',
    holdReason: 'Regulator inspection: keep the qualification decisions',
    requested: 'Awaiting approval',
    active: 'Active',
    adminDecides: 'An administrator decides this',
    ownRequest: 'You asked for this: someone else decides it',
    approve: 'Approve',
    comment: 'Comment',
    runNow: 'Run retention now',
    firstDay: 'First day',
    lastDay: 'Last day',
    exportSigned: 'Export evidence',
    verify: 'Verify',
    holdRequestedAction: 'Legal hold requested',
    holdApprovedAction: 'Legal hold approved',
  },
} as const;

/** A signed-in API client of one demo user (for the setup the test is not about). */
async function apiAs(baseUrl: string, username: string) {
  const context = await request.newContext({ baseURL: baseUrl });
  const signedIn = await context.post('/trpc/auth.signIn', { data: { username, password: PASSWORD } });
  expect(signedIn.ok(), `${username} signs in`).toBe(true);
  const read = async <T>(path: string, response: Awaited<ReturnType<typeof context.post>>): Promise<T> => {
    const body = (await response.json()) as { result?: { data: T }; error?: unknown };
    if (!response.ok() || body.result === undefined)
      throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  return {
    mutate: async <T>(path: string, input: unknown) =>
      read<T>(path, await context.post(`/trpc/${path}`, { data: input })),
    dispose: () => context.dispose(),
  };
}

/**
 * Publishes a version of the post qualifications whose in-post assessment also requires a staff
 * number on record: a version that reads `employeeId` (author drafts and submits, reviewer
 * approves and publishes, in force now). Returns the decision a reviewer then makes with it.
 */
async function decideWithStaffNumber(baseUrl: string): Promise<string> {
  const author = await apiAs(baseUrl, 'author');
  const reviewer = await apiAs(baseUrl, 'reviewer');
  try {
    const draft = await author.mutate<PolicyVersionDetail>('policies.createDraft', {
      policyKey: POLICY,
      fromVersion: 1,
    });
    const document = structuredClone(draft.document) as Extract<PolicyDocument, { kind: 'qualification' }>;
    for (const post of document.posts) {
      for (const requirement of post.requirements) {
        if (requirement.type === 'condition' && 'all' in requirement.condition) {
          requirement.condition.all.push({ fact: 'employeeId', operator: 'notEqual', value: '' });
        }
      }
    }
    const saved = await author.mutate<PolicyVersionDetail>('policies.updateDraft', {
      policyKey: POLICY,
      version: draft.version,
      lockVersion: draft.lockVersion,
      document,
    });
    const submitted = await author.mutate<PolicyVersionDetail>('policies.submit', {
      policyKey: POLICY,
      version: saved.version,
      lockVersion: saved.lockVersion,
      changeNote: 'An assessment counts only with a staff number on record.',
    });
    const approved = await reviewer.mutate<PolicyVersionDetail>('policies.approve', {
      policyKey: POLICY,
      version: submitted.version,
      lockVersion: submitted.lockVersion,
      comment: 'ok',
    });
    await reviewer.mutate('policies.publish', {
      policyKey: POLICY,
      version: approved.version,
      lockVersion: approved.lockVersion,
    });
    const example = findGuidelinePolicy(POLICY)!.testCases[0]!;
    const decision = await reviewer.mutate<{ decisionId: string; version: number }>('evaluation.evaluate', {
      policyKey: POLICY,
      facts: { ...example.facts, employeeId: STAFF_NUMBER, name: NAME, age: 31 },
    });
    expect(decision.version).toBe(approved.version);
    return decision.decisionId;
  } finally {
    await author.dispose();
    await reviewer.dispose();
  }
}

for (const language of ['zh-CN', 'en'] as const) {
  const text = TEXT[language];
  (HAS_CHROMIUM ? describe : describe.skip)(`the decision log as a compliance record (${language})`, () => {
    let decisionId = '';
    const session = useConsoleSession(language, text, async (baseUrl) => {
      decisionId = await decideWithStaffNumber(baseUrl);
    });
    const { shot, shots, accessible, signIn, signOut } = session;
    let page: Page;
    let baseUrl = '';

    beforeAll(() => {
      page = session.page;
      baseUrl = session.baseUrl;
    });

    it(
      'a reviewer sees the decision with every personal value as a pseudonym, and why',
      async () => {
        await signIn('reviewer');
        await page.goto(`${baseUrl}/decisions/${decisionId}`);
        const facts = page.getByTestId('facts');
        await facts.waitFor();
        await page.getByTestId('masked').waitFor();
        // Staff number (stored in clear, masked for the role), name and age (stored as pseudonyms).
        await expect.poll(() => facts.locator('[data-pseudonym]').count()).toBe(3);
        const shown = (await facts.textContent()) ?? '';
        expect(shown).not.toContain(STAFF_NUMBER);
        expect(shown).not.toContain(NAME);
        expect(await page.getByTestId('stored-in-clear').textContent()).toContain('employeeId');
        const pseudonymised = (await page.getByTestId('pseudonymised').textContent()) ?? '';
        expect(pseudonymised).toContain('name');
        expect(pseudonymised).toContain('age');
        await page.getByRole('button', { name: text.replay, exact: true }).click();
        expect(await page.getByTestId('replay-result').textContent()).toContain(text.replayIdentical);
        await page.getByTestId('replay-stand-ins').waitFor();
        await accessible('decision (reviewer)');
        await shots('decision-reviewer');

        await page.goto(`${baseUrl}/decisions?policy=${POLICY}`);
        await page.getByTestId('decisions-table').waitFor();
        await page.getByTestId('masked-notice').waitFor();
        expect(await page.getByLabel(text.personSearch).count()).toBe(0);
        // The verdict filter names the verdicts in words and narrows the list to one of them.
        await page.getByRole('textbox', { name: text.verdict }).click();
        const options = await page.getByRole('option').allTextContents();
        expect(options).toEqual(
          language === 'en' ? ['Qualified', 'Not qualified'] : ['具备任职资格', '不具备任职资格'],
        );
        await page.getByRole('option', { name: options[0], exact: true }).click();
        await page.waitForURL(/verdict=qualified/);
        await expect
          .poll(
            async () =>
              new Set(
                await page
                  .getByTestId('decisions-table')
                  .locator('tbody tr td:nth-child(5)')
                  .allTextContents(),
              ),
          )
          .toEqual(new Set([options[0]]));
        await accessible('decisions (reviewer)');
        await shots('decisions-reviewer');

        // The subject documents, per field, which values are personal data and what that means.
        await page.goto(`${baseUrl}/subjects/employee`);
        await page.getByTestId('personal-data-rules').waitFor();
        await expect.poll(() => page.getByTestId('personal-badge').count()).toBe(3);
        await accessible('subject (reviewer)');
        await shots('subject-reviewer');
        await signOut();
      },
      STEP_TIMEOUT,
    );

    it(
      'an auditor sees the stored values and finds the decision by the staff number',
      async () => {
        await signIn('auditor');
        await page.goto(`${baseUrl}/decisions/${decisionId}`);
        const facts = page.getByTestId('facts');
        await facts.waitFor();
        await expect.poll(() => facts.textContent()).toContain(STAFF_NUMBER);
        expect(await page.getByTestId('masked').count()).toBe(0);
        // Name and age were never stored: even the auditor sees their pseudonyms.
        expect(await facts.locator('[data-pseudonym]').count()).toBe(2);
        expect(await facts.textContent()).not.toContain(NAME);
        await accessible('decision (auditor)');
        await shots('decision-auditor');

        await page.goto(`${baseUrl}/decisions?policy=${POLICY}`);
        await page.getByTestId('decisions-table').waitFor();
        expect(await page.getByTestId('masked-notice').count()).toBe(0);
        await page.getByLabel(text.personSearch).fill(STAFF_NUMBER);
        await page.keyboard.press('Enter');
        const rows = page.getByTestId('decisions-table').locator('tbody tr');
        await expect
          .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-decision'))))
          .toEqual([decisionId]);
        await accessible('decisions (auditor, one person)');
        await shots('decisions-auditor-person');
      },
      STEP_TIMEOUT,
    );

    it(
      'the auditor requests a legal hold and cannot approve it; the page says an administrator decides',
      async () => {
        await page.goto(`${baseUrl}/retention`);
        await page.getByTestId('log-months').waitFor();
        await page.getByRole('button', { name: text.requestHold }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('textbox', { name: text.holdPolicy }).click();
        await dialog.getByRole('option', { name: text.policyTitle }).click();
        await dialog.getByLabel(text.holdFrom).fill(businessDate(-30));
        await dialog.getByLabel(text.holdTo).fill(businessDate(0));
        await dialog.getByRole('textbox', { name: text.reason }).fill(text.holdReason);
        await accessible('legal hold request');
        await shot('hold-request-1440');
        await dialog.getByRole('button', { name: text.submitRequest }).click();
        await dialog.waitFor({ state: 'detached' });
        const hold = page.getByTestId('holds').locator('[data-hold]').filter({ hasText: text.holdReason });
        await expect.poll(() => hold.getAttribute('data-stage')).toBe('requested');
        expect(await hold.getByTestId('hold-stage').textContent()).toBe(text.requested);
        expect(await hold.getByTestId('decider').textContent()).toBe(text.adminDecides);
        expect(await hold.textContent()).toContain(text.ownRequest);
        expect(await hold.getByRole('button', { name: text.approve, exact: true }).count()).toBe(0);
        await accessible('retention (auditor)');
        await shots('retention-auditor');
        await signOut();
      },
      STEP_TIMEOUT,
    );

    it(
      'an administrator approves the hold, and retention keeps what it holds',
      async () => {
        await signIn('admin');
        await page.goto(`${baseUrl}/retention`);
        const hold = page.getByTestId('holds').locator('[data-hold]').filter({ hasText: text.holdReason });
        await hold.getByRole('button', { name: text.approve, exact: true }).click();
        const dialog = page.getByRole('dialog');
        await dialog
          .getByRole('textbox', { name: text.comment })
          .fill('OK: the inspection runs until next year');
        await accessible('approve dialog');
        await dialog.getByRole('button', { name: text.approve, exact: true }).click();
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => hold.getAttribute('data-stage')).toBe('active');
        expect(await hold.getByTestId('hold-stage').textContent()).toBe(text.active);

        await page.getByRole('button', { name: text.runNow }).click();
        await page.getByRole('dialog').getByRole('button', { name: text.runNow }).click();
        await page.getByTestId('retention-run').waitFor();
        // The confirmation closes with a fade: checked mid-fade, its red button's label reads as too faint.
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        // Nothing here has outlived ten years: every ended month is kept, and nothing is deleted.
        const actions = await page
          .getByTestId('retention-run')
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
        expect(actions.every((action) => action === 'kept')).toBe(true);
        await accessible('retention (admin)');
        await shots('retention-admin');
        await signOut();
      },
      STEP_TIMEOUT,
    );

    it(
      'the auditor exports a signed audit package; the console verifies it and refuses a changed copy',
      async () => {
        await signIn('auditor');
        await page.goto(`${baseUrl}/audit`);
        const auditActions = () =>
          page
            .getByTestId('audit-table')
            .locator('tbody tr')
            .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
        await expect.poll(auditActions).toContain('legalHold.requested');
        expect(await auditActions()).toContain('legalHold.approved');
        await page.getByText(text.holdRequestedAction, { exact: true }).first().waitFor();
        await page.getByText(text.holdApprovedAction, { exact: true }).first().waitFor();

        await page.getByLabel(text.firstDay).fill(businessDate(-1));
        await page.getByLabel(text.lastDay).fill(businessDate(0));
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: text.exportSigned }).click(),
        ]);
        mkdirSync(SCREENSHOTS, { recursive: true });
        const saved = path.join(SCREENSHOTS, `audit-evidence-${language}.json`);
        await download.saveAs(saved);
        const evidence = JSON.parse(readFileSync(saved, 'utf8')) as {
          rows: { reason: string | null }[];
          signature: { keyId: string };
        };
        expect(await page.getByTestId('signing-key-id').textContent()).toBe(evidence.signature.keyId);
        expect(await page.getByTestId('verify-command').textContent()).toBe(
          `node apps/server/dist/evidence-verify.js ${download.suggestedFilename()} --public-key precept-signing-key-${evidence.signature.keyId}.pem`,
        );

        const verifier = page.getByTestId('evidence-verifier');
        await verifier.locator('input[type=file]').first().setInputFiles(saved);
        await verifier.getByRole('button', { name: text.verify, exact: true }).click();
        await expect.poll(() => verifier.getByTestId('verification').getAttribute('data-ok')).toBe('true');
        await accessible('audit (verified)');
        await shots('audit-verified');

        const changed = path.join(SCREENSHOTS, `audit-evidence-${language}-changed.json`);
        evidence.rows[0]!.reason = 'changed after export';
        writeFileSync(changed, JSON.stringify(evidence));
        await verifier.locator('input[type=file]').first().setInputFiles(changed);
        await verifier.getByRole('button', { name: text.verify, exact: true }).click();
        await expect.poll(() => verifier.getByTestId('verification').getAttribute('data-ok')).toBe('false');
        expect(await verifier.locator('[data-check=rows-hash]').getAttribute('data-ok')).toBe('false');
        expect(await verifier.locator('[data-check=signature]').getAttribute('data-ok')).toBe('false');
        await shot('audit-refused-1440');
      },
      STEP_TIMEOUT,
    );
  });
}
