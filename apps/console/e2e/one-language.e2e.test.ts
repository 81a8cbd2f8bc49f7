// @vitest-environment node
//
// The console speaks one language at a time: on every main page the zh-CN console shows no English
// word and the en console no Chinese character — apart from the proper names and codes listed
// below (keys, ids, user names, the product's name), which are the same in every language. The
// setup puts a version in review (with its impact analysis), a draft and a decision on the server,
// so the review, draft and decision pages have something to show.
// Screenshots at 1440 and 390 px in test-results/screenshots/ (`<language>-lang-<page>-…`).
import type { PolicyVersionDetail, ScorecardDocument } from '@precept/schema';
import { request, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, PASSWORD, STEP_TIMEOUT, useConsoleSession } from './support';

const SCORECARD = 'service-performance-scorecard';
const TARGETS = 'service-targets';

/** A main page: its path, a name for its screenshots, and the tab to open (by position), if any. */
interface MainPage {
  name: string;
  path: string;
  tab?: number;
}

/** Every main page, once the setup has made a review, a draft and a decision (`:decision`). */
const PAGES: MainPage[] = [
  { name: 'dashboard', path: '/' },
  { name: 'policies', path: '/policies' },
  { name: 'escalation', path: '/policies/service-incident-escalation' },
  { name: 'scorecard', path: `/policies/${SCORECARD}` },
  { name: 'scorecard-versions', path: `/policies/${SCORECARD}?tab=versions` },
  { name: 'targets-tests', path: `/policies/${TARGETS}?tab=tests` },
  { name: 'checklist', path: '/policies/service-inspection' },
  { name: 'qualification', path: '/policies/post-qualifications' },
  { name: 'draft', path: `/policies/${TARGETS}/versions/2/edit` },
  { name: 'diff', path: `/policies/${SCORECARD}/diff` },
  { name: 'review-queue', path: '/review' },
  { name: 'review', path: `/review/${SCORECARD}/2` },
  { name: 'review-impact', path: `/review/${SCORECARD}/2`, tab: 1 },
  { name: 'playground', path: '/playground' },
  { name: 'subjects', path: '/subjects' },
  { name: 'subject-employee', path: '/subjects/employee' },
  { name: 'subject-outlet-period', path: '/subjects/outlet-period' },
  { name: 'decisions', path: '/decisions' },
  { name: 'decision', path: '/decisions/:decision' },
  { name: 'audit', path: '/audit' },
  { name: 'retention', path: '/retention' },
  { name: 'admin', path: '/admin' },
];

/** A signed-in API client of one demo user (for the setup the test is not about). */
async function apiAs(baseUrl: string, username: string) {
  const context = await request.newContext({ baseURL: baseUrl });
  const signedIn = await context.post('/trpc/auth.signIn', { data: { username, password: PASSWORD } });
  expect(signedIn.ok(), `${username} signs in`).toBe(true);
  return {
    mutate: async <T>(path: string, input: unknown): Promise<T> => {
      const response = await context.post(`/trpc/${path}`, { data: input });
      const body = (await response.json()) as { result?: { data: T }; error?: unknown };
      if (!response.ok() || body.result === undefined)
        throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    dispose: () => context.dispose(),
  };
}

/**
 * The scorecard's v2 in review (complaints cost 3 points each: its impact analysis runs on submit),
 * a draft v2 of the service targets, and one decision; returns the decision's id.
 */
async function prepareReviewDraftAndDecision(baseUrl: string, language: 'zh-CN' | 'en'): Promise<string> {
  const author = await apiAs(baseUrl, 'author');
  try {
    const draft = await author.mutate<PolicyVersionDetail>('policies.createDraft', {
      policyKey: SCORECARD,
      fromVersion: 1,
    });
    const document = structuredClone(draft.document) as ScorecardDocument;
    const complaints = document.lines.find((line) => line.id === 'complaints')!;
    if (complaints.points.mode === 'perUnit') complaints.points.value = 3;
    const saved = await author.mutate<PolicyVersionDetail>('policies.updateDraft', {
      policyKey: SCORECARD,
      version: draft.version,
      lockVersion: draft.lockVersion,
      document,
    });
    await author.mutate('policies.submit', {
      policyKey: SCORECARD,
      version: saved.version,
      lockVersion: saved.lockVersion,
      // A note people write is shown as written: the author writes it in the console's language.
      changeNote: language === 'en' ? 'Complaints cost 3 points each.' : '客户投诉每件扣3分。',
    });
    await author.mutate('policies.createDraft', { policyKey: TARGETS, fromVersion: 1 });
    const example = (
      await author.mutate<{ facts: Record<string, unknown> }[]>('testCases.list', {
        policyKey: SCORECARD,
        version: 1,
      })
    )[0]!;
    const decision = await author.mutate<{ decisionId: string }>('evaluation.evaluate', {
      policyKey: SCORECARD,
      facts: example.facts,
    });
    return decision.decisionId;
  } finally {
    await author.dispose();
  }
}

/**
 * Text that is the same in both languages: codes and proper names. Anything else in the other
 * language's script fails the test.
 */
const SAME_IN_BOTH = [
  /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g, // keys and ids: service-targets, level-1, tier2-branch
  /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b/g, // codes: QC-LOBBY-MANAGER, INC-2026-001
  /\b(?:Precept|English|EN|system|reviewer|auditor|author|admin2?|reviewer2)\b/g, // the product, the language switch, user names
  /陈静|周涛|张敏|李强|赵磊|王芳/g, // the demo users' display names (the admin page lists them all)
  /陈(?=\s*$)/gm, // the signed-in admin's initial on the avatar, alone on its line
  /\b(?:employee|incident|inspection)\b/g, // subject keys of one word
  /\b(?:I{1,3}|IV|V)(?=级|\b)/g, // incident levels are written in Roman numerals in Chinese too
  /\b(?:HMAC|Ed25519|PEM|CSV)\b/g, // names of algorithms and file formats
  /\.(?:json|pem|csv)\b/g, // file extensions
  /\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g, // settings and table names: PRECEPT_RETENTION_MONTHS, decisions_2026_12
  /\b(?:v\d+|ID|JSON|SHA-256|API|SDK|UTC|GMT[+-]\d+)\b/g,
  /\b[0-9a-f]{8,}\b/g, // hashes and decision ids
  /中文/g, // the language switch names Chinese in Chinese
];

/** Words of the other language left on the page once codes and names are taken out. */
async function foreignWords(page: Page, language: 'zh-CN' | 'en'): Promise<string[]> {
  // A clause reference quotes the Chinese guideline: it is marked lang="zh-CN" and not counted; data
  // shown as it is stored (facts and expectations as JSON, ids, hashes) is marked translate="no".
  let text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const quoted of body.querySelectorAll('[lang="zh-CN"], [translate="no"]')) quoted.remove();
    document.body.append(body);
    body.style.position = 'absolute';
    const shown = body.innerText;
    body.remove();
    return shown;
  });
  for (const allowed of SAME_IN_BOTH) text = text.replace(allowed, ' ');
  // In English, Chinese punctuation (a full-width colon, the enumeration comma 、) is as foreign as a word.
  const foreign = language === 'zh-CN' ? /[A-Za-z]{2,}/g : /[\p{Script=Han}\u3000-\u303f\uff01-\uff5e]+/gu;
  return [...new Set(text.match(foreign) ?? [])];
}

for (const language of ['zh-CN', 'en'] as const) {
  describe.skipIf(!HAS_CHROMIUM)(`the ${language} console in one language`, () => {
    let decisionId = '';
    const session = useConsoleSession(
      language,
      {
        username: language === 'zh-CN' ? '用户名' : 'Username',
        switchIdentity: language === 'zh-CN' ? '切换身份' : 'Switch identity',
      },
      async (baseUrl) => {
        decisionId = await prepareReviewDraftAndDecision(baseUrl, language);
      },
    );
    let page: Page;
    beforeAll(() => {
      page = session.page;
    });

    it(
      'shows every main page without a word of the other language',
      async () => {
        await session.signIn('admin');
        const found: Record<string, string[]> = {};
        for (const { name, path, tab } of PAGES) {
          await page.goto(`${session.baseUrl}${path.replace(':decision', decisionId)}`);
          await page.waitForLoadState('networkidle');
          await page.locator('main').waitFor();
          if (tab !== undefined) {
            await page.getByRole('tab').nth(tab).click();
            await page.waitForLoadState('networkidle');
          }
          await page.waitForTimeout(500);
          const words = await foreignWords(page, language);
          if (words.length > 0) found[name] = words;
          await session.shots(`lang-${name}`);
        }
        expect(found).toEqual({});
      },
      STEP_TIMEOUT * 4,
    );
  });
}
