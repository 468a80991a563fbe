/** `pledgemark links`: the JSON shape the issue fixes, offsets into the files, the readers' formats, --today. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/pledgemark';
import { formatLinksCsv, formatLinksMarkdown, formatLinksTable, trackDocOf } from '../../cli/links';
import { linkTargets } from '../../lib/track/index';
import { extract } from '../../lib/extract/index';
import { titleOf } from '../../cli/input';

const ROOT = resolve(__dirname, '../..');
const HAIZHU = 'seeds/haizhu-2021-2025-plan.txt';
const PANYU = 'seeds/panyu-2019-summary-2020-plan.txt';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['--import', 'tsx', 'cli/pledgemark.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('pledgemark links', () => {
  it('parses --today and refuses a date that is not YYYY-MM-DD', () => {
    expect(parseArgs(['links', '--today', '2021-01-31', 'a.txt'])).toMatchObject({ command: 'links', today: '2021-01-31', files: ['a.txt'] });
    expect(() => parseArgs(['links', '--today', '31/01/2021', 'a.txt'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseArgs(['links'])).toThrow(/needs at least one/);
  });

  it('--format json: one entry per target with the fields the issue fixes, offsets into each file', async () => {
    const r = await cli(['links', '--format', 'json', '--today', '2026-01-01', HAIZHU, PANYU]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { links: { doc: string; target: { start: number; end: number; metric: string | null }; figures: { doc: string; start: number; end: number; value: number | null; period: string | null }[]; status: string }[] };
    const texts = new Map([HAIZHU, PANYU].map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
    const targets = [HAIZHU, PANYU].reduce((n, f) => n + extract(texts.get(f)!).filter((it) => it.kind === 'target').length, 0);
    expect(out.links.length).toBe(targets);
    for (const l of out.links) {
      expect(texts.has(l.doc)).toBe(true);
      expect(l.status).toMatch(/^(met|exceeded|missed|partly|no-figure|pending|overdue)$/);
      expect(Array.isArray(l.figures)).toBe(true);
      expect(typeof l.target.start).toBe('number');
      for (const f of l.figures) {
        expect(Object.keys(f)).toEqual(expect.arrayContaining(['doc', 'start', 'end', 'value', 'period']));
        const text = texts.get(f.doc)!;
        // The figure's offsets hold its number as written.
        expect(text.slice(f.start, f.end)).toMatch(/\d|[一二三四五六七八九十两]/u);
      }
    }
    // The Haizhu table's 学前教育毛入园率 row: baseline 118.7 (2020) under target >100 (2025).
    const row = out.links.find((l) => l.doc === HAIZHU && l.target.metric === '学前教育毛入园率')!;
    expect(texts.get(HAIZHU)!.slice(row.target.start, row.target.end)).toBe('>100');
    expect(row.figures).toEqual([expect.objectContaining({ doc: HAIZHU, value: 118.7, period: '2020' })]);
    // Deadlines 2025 and 2020 passed on 2026-01-01, and the plans' own figures are no evidence.
    expect(row.status).toBe('overdue');
  });

  it('--today decides pending against overdue', async () => {
    const before = JSON.parse((await cli(['links', '--format', 'json', '--today', '2020-06-01', PANYU])).stdout);
    const after = JSON.parse((await cli(['links', '--format', 'json', '--today', '2021-01-01', PANYU])).stdout);
    const s = (o: { links: { status: string }[] }) => [...new Set(o.links.map((l) => l.status))];
    expect(s(before)).toEqual(['pending']);
    expect(s(after)).toEqual(['overdue']);
  });

  it('table, csv (with BOM) and md carry each target and its figures', () => {
    const text = readFileSync(join(ROOT, PANYU), 'utf8');
    const docs = [trackDocOf({ file: PANYU, title: titleOf(text), text, items: extract(text) })];
    const links = linkTargets(docs, { today: '2026-01-01' });
    const table = formatLinksTable(links);
    expect(table).toContain('家访覆盖率');
    expect(table.split('\n').length).toBeGreaterThan(links.length);
    const csv = formatLinksCsv(links);
    expect(csv.startsWith('\uFEFFtarget_doc,')).toBe(true);
    const rows = csv.split('\r\n').filter(Boolean);
    expect(rows.length).toBe(1 + links.reduce((n, l) => n + Math.max(1, l.figures.length), 0));
    expect(csv).toContain('密切家校沟通，实施100%家访');
    const md = formatLinksMarkdown(links);
    expect(md).toContain('**overdue**');
    expect(md).toContain('2019 100%');
  });

  it('the issuer of a file whose title names no place comes from its opening lines', () => {
    const text = '政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n广东省省长\n';
    expect(trackDocOf({ file: 'x.txt', title: titleOf(text), text, items: [] }).issuer).toBe('广东省');
  });
});
