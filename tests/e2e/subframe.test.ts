/**
 * A report shown in a sub-frame of a portal page (another gov.cn host): the content script runs in the
 * sub-frame, and the note is saved from the annotator frame it opens there — the background lets our frame act
 * for the URL its tab's content script runs on, not only for the tab's own URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PAGES } from '../fixtures/pages/build';
import { annotatorFrame, e2eBuild, launchBrowser, pages, startServer, type Browser, type TestServer } from './harness';

const HAIZHU = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
const REPORT = `http://xxgk.haizhu.gov.cn/report/${HAIZHU.name}.html`;
const routes = pages();
routes.set('/framed.html', `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户</title></head><body><h1>信息公开</h1><iframe id="doc" src="${REPORT}" style="width:1200px;height:800px;border:0"></iframe></body></html>`);

let srv: TestServer;
let b: Browser;

beforeAll(async () => {
  srv = await startServer(routes);
  b = await launchBrowser(srv.port, [], await e2eBuild());
}, 90_000);

afterAll(async () => {
  await b?.close();
  await srv?.close();
});

describe('a report in a sub-frame', () => {
  it('saves a note from the annotator frame opened in the sub-frame', async () => {
    const page = await b.context.newPage();
    await page.goto('http://www.haizhu.gov.cn/framed.html');
    const report = page.frames().find((f) => f.url() === REPORT)!;
    expect(report).toBeTruthy();
    const mark = report.locator('mark[data-pm-index]').first();
    await mark.waitFor({ timeout: 20_000 });
    await mark.click();
    let editor = annotatorFrame(page);
    for (let i = 0; i < 100 && !(editor && (await editor.locator('[data-testid="pm-editor"]').count()) > 0); i++) {
      await page.waitForTimeout(50);
      editor = annotatorFrame(page);
    }
    expect(editor).toBeTruthy();
    await editor!.locator('[data-testid="pm-note"]').fill('子框架里的笔记');
    await editor!.locator('[data-testid="pm-save"]').click();
    await report.locator('mark.pm-saved').first().waitFor({ timeout: 10_000 });
    expect(await editor!.locator('[data-testid="pm-editor-status"]').count()).toBe(0);
    await page.close();
  });
});
