/**
 * End-to-end harness: a local HTTP server with the seed reports rendered as bureau pages (plus an index page,
 * a search page, a portal page and a non-gov page), and Debian Chromium with the built extension
 * (.output/chrome-mv3, built by `wxt build` first; or the e2e build, which e2eBuild() makes — see there).
 * *.gov.cn resolves to the local server; every other host fails to resolve. Every request is recorded.
 */
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { SEED_PAGES, seedPage, listPage, searchPage, portalPage } from '../fixtures/pages/build';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
/** The e2e build (`wxt build --mode e2e`): the production build plus the content script's test hook. */
export const E2E_EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3-e2e');

/**
 * Builds the e2e variant of the extension once per test run and resolves with its folder. Only this build
 * exposes `globalThis.__pledgemark` (the PageController) in the content script's isolated world, which the
 * tests use to reach the closed-shadow-root UI; production builds leave it out (extension.test.ts checks).
 * Test files run in parallel workers: the first takes a lock and builds, the others wait and reuse the build,
 * recognised by the run's id (vitest.config.ts sets PLEDGEMARK_TEST_RUN).
 */
export function e2eBuild(): Promise<string> {
  return buildOnce(E2E_EXTENSION_DIR, ['build', '--mode', 'e2e']);
}

/**
 * Runs `wxt <args>` into `dir` once per test run, under one lock for every build the tests make (two wxt builds
 * at once would both rewrite .wxt/); a build stamped with this run's id is reused.
 */
export async function buildOnce(dir: string, args: string[]): Promise<string> {
  const run = process.env.PLEDGEMARK_TEST_RUN ?? `pid-${process.pid}`;
  const stamp = join(dir, '.test-run');
  const current = () => existsSync(stamp) && readFileSync(stamp, 'utf8') === run;
  const lock = join(ROOT, '.output', '.e2e-build-lock');
  mkdirSync(join(ROOT, '.output'), { recursive: true });
  for (const until = Date.now() + 180_000; Date.now() < until; ) {
    if (current()) return dir;
    try {
      mkdirSync(lock);
    } catch {
      await new Promise((r) => setTimeout(r, 250)); // another worker is building
      continue;
    }
    try {
      if (!current()) {
        execFileSync('npx', ['wxt', ...args], { cwd: ROOT, stdio: 'pipe' });
        writeFileSync(stamp, run);
      }
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error(`wxt ${args.join(' ')}: timed out waiting for another worker to build (a stale .output/.e2e-build-lock?)`);
}
export const ARTIFACTS = join(ROOT, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Pages the server knows, by path. */
export function pages(): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of SEED_PAGES) m.set(`/report/${s.name}.html`, seedPage(s));
  m.set('/index.html', listPage());
  m.set('/search.html', searchPage());
  m.set('/portal.html', portalPage());
  // The same report on a host that is not gov.cn: the content script must not run there.
  m.set('/nongov.html', seedPage(SEED_PAGES[0]));
  return m;
}

export interface RecordedRequest {
  url: string;
  /** 'page' for requests of tabs, 'worker' for the extension's service worker, 'server' as the server saw it. */
  from: 'page' | 'worker' | 'server';
}

export interface TestServer {
  server: Server;
  port: number;
  /** Requests the server received (method, host header, path). */
  received: { method: string; host: string; path: string }[];
  close(): Promise<void>;
}

export async function startServer(routes = pages()): Promise<TestServer> {
  const received: TestServer['received'] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    received.push({ method: req.method ?? 'GET', host: req.headers.host ?? '', path });
    const body = routes.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    received,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  requests: RecordedRequest[];
  userDataDir: string;
  close(): Promise<void>;
}

/** Launches Chromium with the built extension, as /work/shared/notes/stack.md describes. */
/** `alsoLoad`: other unpacked extensions loaded next to Pledgemark (the page bench's plain mark.js baseline). */
/** `extension`: the built extension's folder (the production build unless a test passes the e2e build). */
export async function launchBrowser(port: number, alsoLoad: string[] = [], extension = EXTENSION_DIR): Promise<Browser> {
  if (!existsSync(join(extension, 'manifest.json'))) {
    throw new Error(`No built extension at ${extension}: run \`wxt build\` first (npm test does).`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-zenhei`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pm-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${[extension, ...alsoLoad].join(',')}`,
      `--load-extension=${[extension, ...alsoLoad].join(',')}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP *.gov.cn 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
    ],
  });
  const requests: RecordedRequest[] = [];
  // Requests of pages and of the extension's service worker (Chromium reports both on the context).
  context.on('request', (r) => requests.push({ url: r.url(), from: r.serviceWorker() ? 'worker' : 'page' }));
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    requests,
    userDataDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Waits until the content script has finished its run on `page` (its UI host exists) or `ms` passed. */
export async function waitForPledgemark(page: Page, ms = 20_000): Promise<boolean> {
  try {
    await page.waitForSelector('pledgemark-ui', { state: 'attached', timeout: ms });
    return true;
  } catch {
    return false;
  }
}

/** Counts of distinct highlighted items per kind on the page, and each item's marked text (by data-pm-index). */
export async function pageHighlights(page: Page): Promise<Highlights> {
  return page.evaluate(readHighlights);
}

export interface Highlights {
  counts: Record<string, number>;
  texts: Record<string, string>;
  kinds: Record<string, string>;
}

/** Runs in the page (any driver's evaluate): pageHighlights' reading of the marks. */
export function readHighlights(): Highlights {
  const texts: Record<string, string> = {};
  const kinds: Record<string, string> = {};
  document.querySelectorAll('mark[data-pm-index]').forEach((m) => {
    const i = m.getAttribute('data-pm-index')!;
    // Text of this mark excluding nested marks of other items is the same text: marks only nest on overlap.
    texts[i] = (texts[i] ?? '') + (m.textContent ?? '');
    kinds[i] = m.getAttribute('data-pm-kind') ?? '';
  });
  const counts: Record<string, number> = { target: 0, reported: 0, commitment: 0 };
  for (const k of Object.values(kinds)) counts[k] = (counts[k] ?? 0) + 1;
  return { counts, texts, kinds };
}

/**
 * Evaluates `expression` in the content script's isolated world of the page's main frame (over CDP), where
 * `globalThis.__pledgemark` is the PageController (in the e2e build only: launch with e2eBuild()): the UI lives in a closed shadow root the page (and
 * Playwright's locators) cannot reach. Returns the value (JSON-serialisable).
 */
export async function inContentScript<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: { id: number; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context as (typeof contexts)[number]));
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const ctx = contexts.filter((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.name === 'Pledgemark').pop();
    if (!ctx) throw new Error('no Pledgemark content-script world in this page');
    const r = await cdp.send('Runtime.evaluate', { expression, contextId: ctx.id, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`in content script: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Text of an element of the in-page UI (closed shadow root), or null. */
export function uiText(page: Page, selector: string): Promise<string | null> {
  return inContentScript(page, `(globalThis.__pledgemark?.uiRoot?.querySelector(${JSON.stringify(selector)})?.textContent ?? null)`);
}

/** Centre of an element of the in-page UI in viewport coordinates (for a real, trusted mouse click), or null. */
export function uiCentre(page: Page, selector: string): Promise<{ x: number; y: number } | null> {
  return inContentScript(
    page,
    `(() => { const el = globalThis.__pledgemark?.uiRoot?.querySelector(${JSON.stringify(selector)}); if (!el) return null; const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
  );
}

/** Waits until `selector` exists in the in-page UI. */
export async function waitForUi(page: Page, selector: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if ((await uiCentre(page, selector)) !== null) return;
    if (Date.now() > until) throw new Error(`UI element ${selector} did not appear`);
    await page.waitForTimeout(50);
  }
}

/** The annotator frame (annotator.html, the extension page the note editor and a saved note's tooltip live in), or null. */
export function annotatorFrame(page: Page): Frame | null {
  return page.frames().find((f) => /^chrome-extension:\/\/[a-z]+\/annotator\.html(#|$)/.test(f.url())) ?? null;
}

/** Whether the content script shows the annotator frame now (the frame's element is in the closed shadow root). */
export function annotatorShown(page: Page): Promise<boolean> {
  return inContentScript<boolean>(page, `(globalThis.__pledgemark?.uiRoot?.querySelector('iframe')?.style.visibility ?? 'hidden') === 'visible'`);
}

/** Waits until the annotator frame shows `selector` (the editor, a saved note's tooltip); returns the frame. */
export async function waitForAnnotator(page: Page, selector = '[data-testid="pm-editor"]', ms = 8000): Promise<Frame> {
  const until = Date.now() + ms;
  for (;;) {
    const frame = annotatorFrame(page);
    if (frame && (await frame.locator(selector).count().catch(() => 0)) > 0 && (await annotatorShown(page))) return frame;
    if (Date.now() > until) throw new Error(`the annotator frame did not show ${selector}`);
    await page.waitForTimeout(50);
  }
}

/** In the open editor: types the note (and tags), then a real click on Save. */
export async function saveInEditor(page: Page, note: string, tags = ''): Promise<void> {
  const frame = await waitForAnnotator(page);
  await frame.locator('[data-testid="pm-note"]').fill(note);
  if (tags) await frame.locator('[data-testid="pm-tags"]').fill(tags);
  await frame.locator('[data-testid="pm-save"]').click();
}

/** The extension's action popup, driven over CDP (Playwright does not attach to action popups). */
export interface ActionPopup {
  /** Evaluates `expression` in the popup (JSON-serialisable result; promises awaited). */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` in the popup until it is truthy; returns that value. */
  waitFor<T>(expression: string, ms?: number): Promise<T>;
  /** A real (trusted) left click at the centre of the first element matching `selector`: a user gesture. */
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Clicks the extension's toolbar button for the tab showing `page` (CDP `Extensions.triggerAction`, as a reader
 * does: the popup opens and the tab gets activeTab) and attaches to the popup. The page's URL must be unique
 * among the open tabs.
 */
export async function openActionPopup(b: Browser, page: Page, ms = 10_000): Promise<ActionPopup> {
  const browser = b.context.browser();
  if (!browser) throw new Error('no browser-level CDP for this context');
  const cdp = await browser.newBrowserCDPSession();
  const popupUrl = `chrome-extension://${b.extensionId}/popup.html`;
  const targets = async (type: string) => (await cdp.send('Target.getTargets', { filter: [{ type }] })).targetInfos;
  const tab = (await targets('tab')).find((t) => t.url === page.url());
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  const before = new Set((await targets('page')).map((t) => t.targetId));
  await cdp.send('Extensions.triggerAction' as never, { id: b.extensionId, targetId: tab.targetId } as never);
  let popup: { targetId: string } | undefined;
  for (const until = Date.now() + ms; !popup; await new Promise((r) => setTimeout(r, 50))) {
    popup = (await targets('page')).find((t) => t.url === popupUrl && !before.has(t.targetId));
    if (!popup && Date.now() > until) throw new Error('the action popup did not open');
  }
  // A non-flat session: its messages go through the browser session (Playwright's CDPSession has no sessionId routing).
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false });
  let next = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const w = m.id === undefined ? undefined : pending.get(m.id);
    if (!w) return;
    pending.delete(m.id!);
    if (m.error) w.reject(new Error(m.error.message));
    else w.resolve(m.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in popup: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  };
  const waitFor = async <T>(expression: string, wait = ms): Promise<T> => {
    for (const until = Date.now() + wait; ; await new Promise((r) => setTimeout(r, 50))) {
      const v = await evaluate<T>(expression).catch(() => undefined);
      if (v) return v;
      if (Date.now() > until) throw new Error(`in popup, still falsy: ${expression}`);
    }
  };
  return {
    evaluate,
    waitFor,
    async click(selector) {
      const c = await waitFor<{ x: number; y: number }>(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
      );
      for (const type of ['mousePressed', 'mouseReleased']) await send('Input.dispatchMouseEvent', { type, x: c.x, y: c.y, button: 'left', clickCount: 1 });
    },
    async close() {
      await cdp.send('Target.closeTarget', { targetId: popup.targetId }).catch(() => {});
      await cdp.detach().catch(() => {});
    },
  };
}
