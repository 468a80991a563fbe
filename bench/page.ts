/**
 * Page benchmark (Chromium with the built extension, .output/chrome-mv3): on the largest seed page (Haizhu),
 * the time from the content script's start ('pm-start') to its highlights painted ('pm-painted', marked after a
 * requestAnimationFrame) — settings message, detection, article text, extract(), mark.js at exact offsets —
 * next to a plain mark.js `markRegExp(/\d+/g)` over the same article container of the same page (served from
 * 127.0.0.1, where the extension does not run), also measured to the next animation frame.
 * Median of RUNS page loads each. Prints nothing; bench/run.ts reports it.
 */
import { createRequire } from 'node:module';
import { SEED_PAGES, seedPage } from '../tests/fixtures/pages/build';
import { launchBrowser, pages, startServer, waitForPledgemark } from '../tests/e2e/harness';

export interface PageBenchResult {
  name: string;
  ms: number;
  baselineMs: number;
  baselineName: string;
}

const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function benchPage(runs = RUNS): Promise<PageBenchResult> {
  const spec = SEED_PAGES.find((s) => s.name.startsWith('haizhu'))!;
  const routes = pages();
  routes.set('/bench/haizhu.html', seedPage(spec));
  const markJs = createRequire(import.meta.url).resolve('mark.js/dist/mark.min.js');
  const srv = await startServer(routes);
  const browser = await launchBrowser(srv.port);
  try {
    const page = await browser.context.newPage();
    const ours: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`http://www.haizhu.gov.cn/report/${spec.name}.html`);
      if (!(await waitForPledgemark(page, 20_000))) throw new Error('bench/page: the content script did not run on the Haizhu page');
      await page.waitForFunction(() => performance.getEntriesByName('pm-painted').length > 0, undefined, { timeout: 20_000 });
      const ms = await page.evaluate(() => {
        const s = performance.getEntriesByName('pm-start')[0];
        const p = performance.getEntriesByName('pm-painted')[0];
        return p.startTime - s.startTime;
      });
      ours.push(ms);
    }
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`http://127.0.0.1:${srv.port}/bench/haizhu.html`);
      await page.addScriptTag({ path: markJs });
      // A string, so no bundler helper (esbuild's __name under tsx) leaks into the page.
      const ms = (await page.evaluate(`new Promise((resolve, reject) => {
        const container = document.querySelector('#zoom');
        if (!container || !window.Mark) return reject(new Error('no #zoom or mark.js'));
        const t0 = performance.now();
        new window.Mark(container).markRegExp(/\\d+/g, {
          className: 'bench-mark',
          done: () => requestAnimationFrame(() => resolve(performance.now() - t0)),
        });
      })`)) as number;
      base.push(ms);
    }
    await page.close();
    return {
      name: 'page: content script start → highlights painted (haizhu)',
      ms: Math.round(median(ours) * 10) / 10,
      baselineMs: Math.round(median(base) * 10) / 10,
      baselineName: 'mark.js markRegExp(/\\d+/g) on the same container → painted',
    };
  } finally {
    await browser.close();
    await srv.close();
  }
}

export default benchPage;
