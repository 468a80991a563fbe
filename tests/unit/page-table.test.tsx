// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { readFileSync } from 'node:fs';
import { extract } from '../../lib/extract';
import { TABLE_COLUMNS, itemsToCsv, itemsToMarkdown, toTsv, type TableItem } from '../../lib/export/items';
import { PageTable } from '../../components/table/PageTable';
import type { ExportFile } from '../../lib/export';

const TEXT = readFileSync('seeds/longwan-2020-keypoints.txt', 'utf8');
const rows = (text: string): TableItem[] => extract(text).map((it) => ({ ...it, clause: text.slice(it.sentence.start, it.sentence.end) }));

describe('a page\'s items as a table', () => {
  const items = rows(TEXT);
  it('has one TSV line per item, in page order, with the figure as written', () => {
    const lines = toTsv(items).split('\n').slice(0, -1);
    expect(items.length).toBeGreaterThan(20);
    expect(lines[0].split('\t')).toEqual([...TABLE_COLUMNS]);
    expect(lines).toHaveLength(items.length + 1);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split('\t');
      expect(cells).toHaveLength(TABLE_COLUMNS.length);
      if (items[i].kind !== 'commitment') expect(cells[TABLE_COLUMNS.indexOf('value')]).toContain(items[i].text);
      expect(cells[TABLE_COLUMNS.indexOf('clause')]).toBe(items[i].clause.trim().replace(/[\t\r\n]+/g, ' '));
    });
  });
  it('keeps hostile page text inert: tabs and breaks cannot add cells, formulas are guarded, | cannot split a Markdown cell', () => {
    const text = '工作计划\n新增学位5370个。';
    const [it0] = rows(text).filter((i) => i.text.includes('5370'));
    const hostile = { ...it0, clause: '=HYPERLINK("x")\t新增|学位\n5370个' };
    const line = toTsv([hostile]).split('\n').slice(0, -1);
    expect(line).toHaveLength(2);
    expect(line[1].split('\t')).toHaveLength(TABLE_COLUMNS.length);
    expect(line[1]).toContain(`'=HYPERLINK`);
    expect(itemsToCsv([hostile])).toContain(`"'=HYPERLINK(""x"")`);
    const md = itemsToMarkdown([hostile], { title: 't', url: 'https://x.gov.cn/' }).trimEnd().split('\n').pop()!;
    expect(md.split(/(?<!\\)\|/).length - 2).toBe(TABLE_COLUMNS.length);
  });
  it('gives the CSV the normalised number beside the written figure', () => {
    const [it0] = rows('工作总结\n全年完成投资9807万元。');
    const [head, row] = itemsToCsv([it0]).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const col = (name: string) => row.split(',')[head.split(',').indexOf(name)];
    expect(col('value')).toBe('9807万元');
    expect(col('number')).toBe('98070000');
    expect(col('unit')).toBe('元');
  });
});

describe('the table page', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));
  it('lists every item the page sent, and copies them as TSV', async () => {
    const items = rows(TEXT);
    const copied: string[] = [];
    const downloads: ExportFile[] = [];
    const root = document.createElement('div');
    document.body.append(root);
    cleanups.push(() => { render(null, root); root.remove(); });
    render(
      <PageTable
        load={async () => ({ ok: true, data: { url: 'https://www.longwan.gov.cn/a.html', title: '要点', items } })}
        copy={async (s) => void copied.push(s)}
        download={(f) => downloads.push(f)}
      />,
      root,
    );
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="table-row"]')).toHaveLength(items.length));
    (root.querySelector('[data-testid="table-copy"]') as HTMLElement).click();
    await vi.waitFor(() => expect(copied).toEqual([toTsv(items)]));
    (root.querySelector('[data-testid="table-csv"]') as HTMLElement).click();
    expect(downloads[0].content).toBe(itemsToCsv(items));
  });
  it('says what went wrong when the page cannot answer', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    cleanups.push(() => { render(null, root); root.remove(); });
    render(<PageTable load={async () => ({ ok: false, error: 'no content script' })} copy={async () => {}} download={() => {}} />, root);
    await vi.waitFor(() => expect(root.querySelector('[data-testid="table-error"]')?.textContent).toContain('no content script'));
  });
});
