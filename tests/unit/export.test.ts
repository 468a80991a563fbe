import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  buildExport,
  encodeTextDirectivePart,
  escapeMarkdown,
  guardCell,
  parseImport,
  textFragmentUrl,
  clauseFragmentUrl,
  toCsv,
  toJsonExport,
  toMarkdown,
  ImportError,
} from '../../lib/export';
import { ANNO_CONTEXT } from '../../lib/export/w3c';
import type { Annotation } from '../../lib/schema/annotation';
import { annotation, annotations } from './store.fixtures';

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes, CR and LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i} (not RFC 4180)`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length) throw new Error('last line has no CRLF');
  return rows;
}

const tricky: Annotation = annotation(1, {
  title: '报告 "甲", 第一部分',
  quote: { type: 'TextQuoteSelector', exact: '学位 "5370", 个\n新增', prefix: '到2025年，', suffix: '，完成' },
  note: '=HYPERLINK("http://evil","x")',
  tags: ['@risk', '+1', '学位'],
  context: '-3.5',
  fields: { value: -3.5, valueMax: null, unit: '%', comparator: '=', deadline: 2025, metric: '-负增长', strength: 'plain', approximate: false },
});

describe('CSV export', () => {
  it('starts with a UTF-8 BOM, uses CRLF, and parses back as one row per annotation', () => {
    const list = [tricky, ...annotations(5)];
    const csv = toCsv(list);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(list.length + 1);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const first = rows[1];
    expect(first[col('id')]).toBe(tricky.id);
    expect(first[col('title')]).toBe('报告 "甲", 第一部分');
    expect(first[col('quote')]).toBe('学位 "5370", 个\n新增');
    expect(first[col('start')]).toBe(String(tricky.position.start));
    expect(first[col('tags')]).toBe("'@risk; +1; 学位");
    expect(first[col('createdAt')]).toBe(tricky.createdAt);
  });

  it('guards formula cells but leaves numbers (negative ones too) alone', () => {
    const rows = parseCsv(toCsv([tricky]).slice(1));
    const r = rows[1];
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(r[col('note')]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(r[col('value')]).toBe('-3.5');
    expect(r[col('context')]).toBe('-3.5'); // a number written as text is harmless
    expect(r[col('metric')]).toBe("'-负增长");
    // The comparator column holds one of five checked symbols: shown as it is, not as the text '=.
    expect(r[col('comparator')]).toBe('=');
    expect(r[col('approximate')]).toBe('no');
    expect(guardCell('+86 20 1234')).toBe("'+86 20 1234");
    expect(guardCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(guardCell('\t=1')).toBe("'\t=1");
    expect(guardCell('-12')).toBe('-12');
    expect(guardCell('+1.5e3')).toBe('+1.5e3');
    expect(guardCell('学位 = 5')).toBe('学位 = 5');
  });
});

describe('text fragments', () => {
  it('percent-encodes & - , and non-ASCII in each part', () => {
    expect(encodeTextDirectivePart('a-b,c&d')).toBe('a%2Db%2Cc%26d');
    expect(encodeTextDirectivePart('学位')).toBe('%E5%AD%A6%E4%BD%8D');
  });

  it('builds URL#:~:text=prefix-,exact,-suffix, dropping the existing fragment', () => {
    const url = textFragmentUrl('http://a.gov.cn/r.html?x=1#top', { exact: '200-220元', prefix: '补助标准，每生每年', suffix: '，惠及' });
    expect(url).toBe(
      `http://a.gov.cn/r.html?x=1#:~:text=${encodeURIComponent('每生每年')}-,200%2D220${encodeURIComponent('元')},-${encodeURIComponent('，惠及')}`,
    );
    const both = textFragmentUrl('http://a.gov.cn/r.html', { exact: 'A&B', prefix: 'x, y', suffix: 'z-w。后面' });
    expect(both).toBe('http://a.gov.cn/r.html#:~:text=y-,A%26B,-z%2Dw');
    const directive = both.split('#:~:text=')[1];
    const [pre, exact, suf] = directive.split(',');
    expect(decodeURIComponent(pre.slice(0, -1))).toBe('y');
    expect(decodeURIComponent(exact)).toBe('A&B');
    expect(decodeURIComponent(suf.slice(1))).toBe('z-w');
  });

  it('keeps the prefix adjacent to the quote (punctuation in between stays) and starts it after a break', () => {
    const url = textFragmentUrl('http://a.gov.cn/', { exact: '新增公办学位5370个', prefix: '各项工作。到2025年，', suffix: '，完成任务。其他' });
    const [pre, , suf] = url.split('#:~:text=')[1].split(',');
    expect(decodeURIComponent(pre.slice(0, -1))).toBe('到2025年，');
    expect(decodeURIComponent(suf.slice(1))).toBe('，完成任务');
  });

  it('omits empty prefix and suffix', () => {
    expect(textFragmentUrl('http://a.gov.cn/', { exact: 'x', prefix: '。', suffix: '' })).toBe('http://a.gov.cn/#:~:text=x');
  });
});

describe('Markdown export', () => {
  it('has per-page title, source and date, each quote with fields, note, tags and a deep link', () => {
    const a = annotation(4, { note: '与去年对比', tags: ['学位', 'check'], fields: { ...annotation(4).fields, deadline: 2025 } });
    const b = annotation(4, { id: 'other', position: { type: 'TextPositionSelector', start: 1, end: 3 }, kind: 'reported' });
    const md = toMarkdown([a, b], new Date('2026-11-23T00:00:00Z'));
    expect(md).toContain(`## ${a.title}`);
    expect(md).toContain(`- Source: <${a.url}>`);
    expect(md).toContain(`- Saved: ${a.createdAt.slice(0, 10)}`);
    // The quote is its clause, the saved figure marked in it.
    const at = a.context.indexOf(a.quote.exact);
    expect(md).toContain(`> ${a.context.slice(0, at)}**${a.quote.exact}**${a.context.slice(at + a.quote.exact.length)}`);
    expect(md).toContain('- value: ≥ 1,004个');
    expect(md).toContain('- deadline: 2025');
    expect(md).toContain('- Note: 与去年对比');
    expect(md).toContain('- Tags: 学位 · check');
    expect(md).toContain(`- Link: <${clauseFragmentUrl(a.url, a.context, a.quote)}>`);
    // one page section, quotes in text order (b starts at 1)
    expect(md.match(/^## /gm)).toHaveLength(1);
    expect(md.indexOf('Reported')).toBeLessThan(md.indexOf('Target'));
  });

  it('escapes page text so it cannot become HTML or links', () => {
    expect(escapeMarkdown('<script>alert(1)</script> [x](javascript:1)')).toBe('&lt;script>alert(1)&lt;/script> \\[x\\](javascript:1)');
    expect(escapeMarkdown('# not a heading\nline')).toBe('\\# not a heading line');
    const md = toMarkdown([annotation(0, { title: '<img src=x onerror=alert(1)>' })]);
    expect(md).not.toContain('<img');
  });
});

describe('JSON (W3C Web Annotation) export', () => {
  it('is an AnnotationCollection of Annotations with quote+position selectors, bodies and the pledgemark extension', () => {
    const a = annotation(0, { note: '核实', tags: ['学位'] });
    const doc = JSON.parse(toJsonExport([a]));
    expect(doc['@context']).toBe(ANNO_CONTEXT);
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(1);
    const item = doc.first.items[0];
    expect(item).toMatchObject({
      '@context': ANNO_CONTEXT,
      id: `urn:uuid:${a.id}`,
      type: 'Annotation',
      created: a.createdAt,
      modified: a.updatedAt,
      target: { source: a.url, selector: [a.quote, a.position] },
      body: [
        { type: 'TextualBody', value: '核实', purpose: 'commenting', format: 'text/plain' },
        { type: 'TextualBody', value: '学位', purpose: 'tagging' },
      ],
      pledgemark: { id: a.id, kind: a.kind, fields: a.fields },
    });
  });

  it('round-trips to identical annotations', () => {
    const list = [tricky, ...annotations(40), annotation(41, { id: 'not-a-uuid/with spaces', note: 'n' })];
    expect(parseImport(toJsonExport(list))).toEqual(list);
    expect(parseImport(`\uFEFF${toJsonExport([])}`)).toEqual([]);
  });

  it('also reads a bare array and plain Web Annotations from other tools', () => {
    const plain = {
      id: 'urn:uuid:11111111-2222-4333-8444-555555555555',
      type: 'Annotation',
      created: '2024-01-01T00:00:00Z',
      modified: '2024-01-02T00:00:00Z',
      body: [{ type: 'TextualBody', value: 'hello', purpose: 'commenting' }],
      target: {
        source: 'https://www.example.gov.cn/a.html',
        selector: [
          { type: 'TextPositionSelector', start: 1, end: 4 },
          { type: 'TextQuoteSelector', exact: 'abc', prefix: '', suffix: '' },
        ],
      },
    };
    const [a] = parseImport(JSON.stringify([plain]));
    expect(a).toMatchObject({ id: '11111111-2222-4333-8444-555555555555', kind: 'selection', site: 'www.example.gov.cn', note: 'hello', tags: [] });
  });
});

describe('import rejection', () => {
  const good = JSON.parse(toJsonExport(annotations(5)));

  it('names the path of a missing field', () => {
    const doc = structuredClone(good);
    delete doc.first.items[3].target.selector[0].exact;
    expect(() => parseImport(JSON.stringify(doc))).toThrow(ImportError);
    expect(() => parseImport(JSON.stringify(doc))).toThrow('first.items[3].target.selector[0].exact: Required');
  });

  it('names wrong types, bad enum values, missing selectors, a cut-short file, and bad JSON', () => {
    const wrongType = structuredClone(good);
    wrongType.first.items[1].target.selector[1].start = 'ten';
    expect(() => parseImport(JSON.stringify(wrongType))).toThrow(/first\.items\[1\]\.target\.selector\[1\]\.start: /);
    const badKind = structuredClone(good);
    badKind.first.items[2].pledgemark.kind = 'promise';
    expect(() => parseImport(JSON.stringify(badKind))).toThrow(/first\.items\[2\]\.pledgemark\.kind/);
    const oneSelector = structuredClone(good);
    oneSelector.first.items[0].target.selector.pop();
    expect(() => parseImport(JSON.stringify(oneSelector))).toThrow(/first\.items\[0\]\.target\.selector: expected exactly one TextPositionSelector, found 0/);
    const cut = structuredClone(good);
    cut.first.items.pop();
    expect(() => parseImport(JSON.stringify(cut))).toThrow(/total: says 5 annotations but first\.items holds 4/);
    expect(() => parseImport('{"@context": ')).toThrow(/not valid JSON/);
    expect(() => parseImport('{"hello": 1}')).toThrow(/@context/);
    const badDate = structuredClone(good);
    badDate.first.items[4].created = 'yesterday';
    expect(() => parseImport(JSON.stringify(badDate))).toThrow(/first\.items\[4\]\.created/);
  });
});

describe('buildExport', () => {
  it('names the file by format and day', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(buildExport('markdown', [], now)).toMatchObject({ filename: 'pledgemark-2026-11-23.md', mime: 'text/markdown;charset=utf-8' });
    expect(buildExport('csv', [], now)).toMatchObject({ filename: 'pledgemark-2026-11-23.csv', mime: 'text/csv;charset=utf-8' });
    expect(buildExport('json', [], now)).toMatchObject({ filename: 'pledgemark-2026-11-23.json', mime: 'application/ld+json' });
  });
});

describe('import rejection after conversion', () => {
  it('names the item when a converted annotation breaks a Pledgemark rule (an empty tag)', () => {
    const doc = JSON.parse(toJsonExport(annotations(3)));
    doc.first.items[2].body = [{ type: 'TextualBody', value: '', purpose: 'tagging' }];
    expect(() => parseImport(JSON.stringify(doc))).toThrow(/^The file was not imported: first\.items\[2\]\.tags\[0\]: /);
  });
});
