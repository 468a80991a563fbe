import { describe, expect, it } from 'vitest';
import { buildExport, changeLines, parseImport, toCsv, toMarkdown, CHANGES_PROPERTY, CSV_COLUMNS } from '../../lib/export';
import type { PageChanges } from '../../lib/schema/changes';
import { annotation } from './store.fixtures';

const a = annotation(0);
const CHANGES: PageChanges = {
  url: a.url,
  fromVersion: 1,
  toVersion: 3,
  capturedFrom: '2026-01-01T00:00:00.000Z',
  capturedTo: '2026-03-01T00:00:00.000Z',
  entries: [
    {
      change: 'altered', kind: 'target', metric: '学位',
      fields: [{ field: 'value', old: 5370, new: 5000 }, { field: 'unit', old: '个', new: null }],
      old: { text: '新增学位5370个', sentence: '<script>x</script> 新增学位5370个' },
      new: { text: '新增学位5000', sentence: '# 新增学位5000' },
    },
    { change: 'removed', kind: 'reported', metric: null, fields: [], old: { text: '完成[投资](http://evil)', sentence: 's' }, new: null },
  ],
};

describe('exports carry the change log', () => {
  it('Markdown: one "Changes since first saved" section under the page, escaped, old → new, both quotes', () => {
    const md = toMarkdown([a, annotation(1)], new Date('2026-11-23T00:00:00Z'), [CHANGES]);
    expect(md.match(/#### Changes since first saved/g)).toHaveLength(1);
    expect(md).toContain('Version 1 (2026-01-01) → version 3 (2026-03-01)');
    expect(md).toContain('- **Altered 修改** · Target 目标 · 学位');
    expect(md).toContain('  - value: 5370 → 5000');
    expect(md).toContain('  - unit: 个 → —');
    expect(md).toContain('  - Before: 新增学位5370个 — &lt;script>x&lt;/script> 新增学位5370个');
    expect(md).toContain('  - Now: 新增学位5000 — \\# 新增学位5000');
    expect(md).toContain('完成\\[投资\\](http://evil)');
    expect(md).not.toContain('<script>');
    // The section belongs to its page: it comes after that page's heading and before the next page's.
    const pageHead = md.indexOf(`## ${a.title}`);
    const section = md.indexOf('#### Changes since first saved');
    expect(pageHead).toBeGreaterThan(-1);
    expect(section).toBeGreaterThan(pageHead);
    expect(md.indexOf(`## ${annotation(1).title}`) < pageHead || md.indexOf(`## ${annotation(1).title}`) > section).toBe(true);
    expect(toMarkdown([a])).not.toContain('Changes since first saved');
  });

  it('Markdown says so when only the text changed', () => {
    expect(changeLines({ ...CHANGES, entries: [] }).join('\n')).toContain('none of its targets or reported figures did');
  });

  it('JSON: pledgemark:changes on the collection, round-trips through import; absent when there are none', () => {
    const doc = JSON.parse(buildExport('json', [a], new Date(), [CHANGES]).content);
    expect(doc[CHANGES_PROPERTY]).toEqual([CHANGES]);
    expect(parseImport(JSON.stringify(doc))).toEqual([a]);
    expect(JSON.parse(buildExport('json', [a]).content)[CHANGES_PROPERTY]).toBeUndefined();
    delete doc[CHANGES_PROPERTY][0].url;
    expect(() => parseImport(JSON.stringify(doc))).toThrow(/pledgemark:changes.*\[0\]\.url: Required/);
  });

  it('CSV: a page_changed column, yes for pages in the change logs', () => {
    const csv = toCsv([a, annotation(1)], [CHANGES]);
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(CSV_COLUMNS.at(-1)).toBe('page_changed');
    expect(rows[0].split(',').at(-1)).toBe('page_changed');
    expect(rows[1].endsWith(',yes')).toBe(true);
    expect(rows[2].endsWith(',no')).toBe(true);
  });
});
