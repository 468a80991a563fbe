/**
 * Firefox end-to-end harness: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (Playwright's
 * Firefox is a patched build it downloads, which this offline machine cannot have), with the production Firefox
 * build (.output/firefox-mv2) installed as a temporary add-on. Pages come from the Chromium harness's server:
 * every host name resolves to 127.0.0.1 (network.dns.forceResolve), so http://www.x.gov.cn:PORT/… reaches it
 * and nothing else is reachable.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, buildOnce } from '../e2e/harness';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output', 'firefox-mv2');
/** The add-on id the manifest declares (wxt.config.ts). */
export const GECKO_ID = 'pledgemark@pledgemark.org';
/** Firefox gives each add-on a random internal UUID per profile; this pins it, so extension pages have a known URL. */
export const ADDON_UUID = '5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

/**
 * Builds the Firefox extension (production mode) once per test run, under the lock the Chromium e2e build takes:
 * two wxt builds at once would both rewrite .wxt/. Stamped with the run's id (vitest.config.ts), like e2eBuild().
 */
export function firefoxBuild(): Promise<string> {
  return buildOnce(FIREFOX_EXTENSION_DIR, ['build', '-b', 'firefox']);
}

export interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: { code: string; file?: string; message: string }[];
  warnings: { code: string; file?: string; message: string }[];
}

/** `web-ext lint` (Mozilla's addons-linter, as AMO runs it) on a built extension folder. */
export function webExtLint(dir: string): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    // web-ext exits non-zero when there are errors; the JSON report is on stdout either way.
    execFile('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-input'], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as LintReport);
      } catch {
        reject(new Error(`web-ext lint gave no JSON report (${err?.message ?? 'no error'}): ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

export interface Firefox {
  browser: Browser;
  /** Where Firefox saves downloads (no dialog). */
  downloads: string;
  close(): Promise<void>;
}

/** Launches headless Firefox ESR with the built add-on installed as a temporary add-on. */
export async function launchFirefox(extension = FIREFOX_EXTENSION_DIR): Promise<Firefox> {
  if (!existsSync(join(extension, 'manifest.json'))) throw new Error(`No built Firefox extension at ${extension} (firefoxBuild() makes it)`);
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install -y firefox-esr`);
  const downloads = mkdtempSync(join(tmpdir(), 'pm-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Lets the remote agent open moz-extension:// pages (the popup) in a tab.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: ADDON_UUID }),
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  const id = await browser.installExtension(extension);
  if (id !== GECKO_ID) throw new Error(`installed add-on has id ${id}, expected ${GECKO_ID}`);
  return {
    browser,
    downloads,
    async close() {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/**
 * Opens an extension page (e.g. 'popup.html') in a new tab. The navigation is not reported back over BiDi when
 * it moves the tab into the extension's process, so this waits for the document instead of the load event.
 */
export async function openExtensionPage(ff: Firefox, path: string, ms = 15_000): Promise<Page> {
  const page = await ff.browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${path}`;
  await page.goto(url, { timeout: 2000, waitUntil: 'domcontentloaded' }).catch(() => undefined);
  await waitUntil(() => page.evaluate(() => document.readyState === 'complete' && location.href).then((href) => href === url), ms, `${path} did not load`);
  return page;
}

/**
 * Whether a text field has the keyboard focus in `page` or in one of its frames (the note editor is an extension
 * page framed in the content script's UI). Frames are asked where they are now: puppeteer does not see an
 * iframe's navigation into the extension's process, so its frame URLs can be stale.
 */
export async function textFieldFocused(page: Page): Promise<boolean> {
  for (const frame of page.frames()) {
    const focused = await frame
      .evaluate(() => document.hasFocus() && document.activeElement !== null && document.activeElement.matches('textarea, input:not([type]), input[type="text"]'))
      .catch(() => false);
    if (focused) return true;
  }
  return false;
}

/** Polls `check` until it resolves truthy (errors count as not yet); throws `what` after `ms`. */
export async function waitUntil<T>(check: () => Promise<T | undefined | null | false>, ms: number, what: string): Promise<T> {
  for (const until = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 100))) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(what);
  }
}

/** Waits for a finished download (Firefox writes a .part file first) and returns its content. */
export async function waitForDownload(dir: string, ms = 10_000): Promise<{ name: string; content: string }> {
  return waitUntil(
    async () => {
      const done = readdirSync(dir).filter((f) => !f.endsWith('.part') && statSync(join(dir, f)).size > 0);
      if (done.length === 0 || readdirSync(dir).some((f) => f.endsWith('.part'))) return undefined;
      return { name: done[0], content: readFileSync(join(dir, done[0]), 'utf8') };
    },
    ms,
    `no download arrived in ${dir}`,
  );
}
