// What the browser tests share: the console built once per test file, a real server on a fresh
// embedded database with the demo users, headless Chromium, axe-core, screenshots, and signing in
// through the sign-in page with the keyboard.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, loadConfig, type PreceptServer } from '@precept/server';
import { DEFAULT_TIME_ZONE, dateIn } from '@precept/schema';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';

/** The console's directory. */
export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where screenshots (and downloads worth keeping) go. */
export const SCREENSHOTS = path.join(CONSOLE_DIR, 'test-results', 'screenshots');
/** The Chromium the tests drive (`CHROMIUM_PATH`, Debian's by default). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Browser tests run only where that Chromium exists. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** The demo users' password. */
export const PASSWORD = 'e2e-demo-password';
/** A browser step can take a while on a loaded two-core machine. */
export const STEP_TIMEOUT = 180_000;

if (!HAS_CHROMIUM) {
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (install chromium or set CHROMIUM_PATH)`);
}

let built: Promise<string> | undefined;

/** Builds the console once per test file (for both languages) into a temporary directory. */
export function buildConsole(): Promise<string> {
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
export function businessDate(days: number): string {
  return dateIn(new Date(Date.now() + days * 86_400_000), DEFAULT_TIME_ZONE);
}

/** A server on a fresh embedded database serving the built console, and how to stop it. */
export interface RunningPrecept {
  server: PreceptServer;
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts a server with the demo users ({@link PASSWORD}) on a free port. */
export async function startPrecept(): Promise<RunningPrecept> {
  const consoleDir = await buildConsole();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'precept-e2e-'));
  const server = await createServer(
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
  const baseUrl = (await server.listen(0, '127.0.0.1')).url.replace(/\/$/, '');
  return {
    server,
    baseUrl,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with the flags the machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A browser context in Beijing time whose console starts in `language`. */
export async function consoleContext(browser: Browser, language: 'zh-CN' | 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: language === 'en' ? 'en-US' : 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  await context.addInitScript((lng) => localStorage.setItem('precept.language', lng), language);
  return context;
}

/**
 * Runs axe-core in the page; returns the serious and critical violations. axe goes in through the
 * DevTools protocol, as a person's devtools would run it: the console's Content-Security-Policy
 * refuses inline scripts, and stays on here so that the app is tested under it.
 */
export async function seriousViolations(
  page: Page,
): Promise<{ id: string; impact: string; nodes: string[] }[]> {
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

/** A full-page screenshot at `test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Signs in through the sign-in page with the keyboard only (the labels in the page's language);
 * screenshots the page as `sign-in-failed-<user>` when it does not get through.
 */
export async function signInWithKeyboard(
  page: Page,
  baseUrl: string,
  labels: { username: string },
  username: string,
  onFailure: (name: string) => Promise<void>,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(labels.username).focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  try {
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  } catch (error) {
    await onFailure(`sign-in-failed-${username}`);
    throw error;
  }
}

/** What a browser test of the console works with: the page, the server's address, and the usual steps. */
export interface ConsoleSession {
  readonly page: Page;
  readonly baseUrl: string;
  /** A screenshot named `<language>-<name>`. */
  shot: (name: string) => Promise<void>;
  /** Screenshots at 1440 px and at 390 px (a phone): `<language>-<name>-1440` and `-390`. */
  shots: (name: string) => Promise<void>;
  /** Fails on any serious or critical axe-core violation of the page. */
  accessible: (name: string) => Promise<void>;
  signIn: (username: string) => Promise<void>;
  /** Signs out through the user menu. */
  signOut: () => Promise<void>;
}

/**
 * Registers, in the calling `describe`, a server on a fresh database ({@link startPrecept}) and a
 * Chromium page whose console speaks `language`, closed after the suite; `prepare` runs once the
 * server listens (setup through the API the test is not about).
 */
/**
 * Waits until no finite transition or animation runs: a dialog checked while it fades in or out
 * has colours halfway to its backdrop's, which axe rightly reads as too faint. Endless ones (a
 * spinning loader) are not waited for.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity,
      ),
  );
}

export function useConsoleSession(
  language: 'zh-CN' | 'en',
  labels: { username: string; switchIdentity: string },
  prepare?: (baseUrl: string) => Promise<void>,
): ConsoleSession {
  let precept: RunningPrecept | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  /** What the browser refused under the console's Content-Security-Policy (nothing, ever). */
  const cspViolations: string[] = [];
  const current = (): Page => {
    if (!page) throw new Error('the console session has not started (use it inside a test)');
    return page;
  };
  const session: ConsoleSession = {
    get page() {
      return current();
    },
    get baseUrl() {
      return precept?.baseUrl ?? '';
    },
    shot: (name) => screenshot(current(), `${language}-${name}`),
    shots: async (name) => {
      await session.shot(`${name}-1440`);
      await current().setViewportSize({ width: 390, height: 844 });
      await current().waitForTimeout(300);
      await session.shot(`${name}-390`);
      await current().setViewportSize({ width: 1440, height: 900 });
    },
    accessible: async (name) => {
      await settled(current());
      expect(await seriousViolations(current()), `axe on ${name}`).toEqual([]);
      expect(cspViolations, `Content-Security-Policy on ${name}`).toEqual([]);
    },
    signIn: (username) => signInWithKeyboard(current(), session.baseUrl, labels, username, session.shot),
    signOut: async () => {
      await current().getByTestId('user-menu').click();
      await current().getByRole('menuitem', { name: labels.switchIdentity }).click();
      await current().waitForURL(/\/sign-in/);
    },
  };
  beforeAll(async () => {
    precept = await startPrecept();
    await prepare?.(precept.baseUrl);
    browser = await launchChromium();
    const context: BrowserContext = await consoleContext(browser, language);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await precept?.close();
  });
  return session;
}
