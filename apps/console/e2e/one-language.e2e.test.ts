// @vitest-environment node
//
// The console speaks one language at a time: on its main pages the zh-CN console shows no English
// word and the en console no Chinese character — apart from the proper names and codes listed
// below (keys, ids, user names, the product's name), which are the same in every language.
// Screenshots at 1440 and 390 px in test-results/screenshots/ (`<language>-lang-<page>-…`).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, STEP_TIMEOUT, useConsoleSession } from './support';

/** Main pages, as paths, with a name for their screenshots. */
const PAGES: [name: string, path: string][] = [
  ['policies', '/policies'],
  ['escalation', '/policies/service-incident-escalation'],
  ['scorecard', '/policies/service-performance-scorecard'],
  ['subjects', '/subjects'],
  ['subject-employee', '/subjects/employee'],
  ['decisions', '/decisions'],
];

/**
 * Text that is the same in both languages: codes and proper names. Anything else in the other
 * language's script fails the test.
 */
const SAME_IN_BOTH = [
  /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g, // keys and ids: service-targets, level-1, tier2-branch
  /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b/g, // codes: QC-LOBBY-MANAGER, INC-2026-001
  /\b(?:Precept|English|EN|system|reviewer|auditor|author|admin2?|reviewer2)\b/g, // the product, the language switch, user names
  /李强?/g, // the demo reviewer's display name, and its initial on the avatar
  /\b(?:employee|incident|inspection)\b/g, // subject keys of one word
  /\b(?:I{1,3}|IV|V)(?=级|\b)/g, // incident levels are written in Roman numerals in Chinese too
  /\bHMAC\b/g,
  /\b(?:v\d+|ID|JSON|SHA-256|API|SDK|UTC|GMT[+-]\d+)\b/g,
  /\b[0-9a-f]{8,}\b/g, // hashes and decision ids
  /中文/g, // the language switch names Chinese in Chinese
];

/** Words of the other language left on the page once codes and names are taken out. */
async function foreignWords(page: Page, language: 'zh-CN' | 'en'): Promise<string[]> {
  // A clause reference quotes the Chinese guideline: it is marked lang="zh-CN" and not counted.
  let text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const quoted of body.querySelectorAll('[lang="zh-CN"]')) quoted.remove();
    document.body.append(body);
    body.style.position = 'absolute';
    const shown = body.innerText;
    body.remove();
    return shown;
  });
  for (const allowed of SAME_IN_BOTH) text = text.replace(allowed, ' ');
  const foreign = language === 'zh-CN' ? /[A-Za-z]{2,}/g : /\p{Script=Han}+/gu;
  return [...new Set(text.match(foreign) ?? [])];
}

for (const language of ['zh-CN', 'en'] as const) {
  describe.skipIf(!HAS_CHROMIUM)(`the ${language} console in one language`, () => {
    const session = useConsoleSession(language, {
      username: language === 'zh-CN' ? '用户名' : 'Username',
      switchIdentity: language === 'zh-CN' ? '切换身份' : 'Switch identity',
    });
    let page: Page;
    beforeAll(() => {
      page = session.page;
    });

    it(
      'shows its main pages without a word of the other language',
      async () => {
        await session.signIn('reviewer');
        const found: Record<string, string[]> = {};
        for (const [name, path] of PAGES) {
          await page.goto(`${session.baseUrl}${path}`);
          await page.waitForLoadState('networkidle');
          await page.locator('main').waitFor();
          await page.waitForTimeout(500);
          const words = await foreignWords(page, language);
          if (words.length > 0) found[name] = words;
          await session.shots(`lang-${name}`);
        }
        expect(found).toEqual({});
      },
      STEP_TIMEOUT * 2,
    );
  });
}
