import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract/index';
import { ItemSchema, type Item } from '../../lib/schema/item';
import { alignedTable, csvField, formatCsv, formatMarkdown, formatNumber, formatTable, formatValue, mdText } from '../../cli/format';
import { decode, titleOf } from '../../cli/input';
import { displayWidth, oneLine, pad, truncate } from '../../cli/width';
import { parseArgs } from '../../cli/pledgemark';
import { reasonLine } from '../../lib/i18n/reason';
import { articleFromHtml } from '../../lib/article/html';

const ROOT = resolve(__dirname, '../..');
const SEED = 'seeds/longwan-2020-keypoints.txt';
const SEED2 = 'seeds/panyu-2019-summary-2020-plan.txt';
const seedText = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin?: string | Buffer): Promise<Run> {
  return new Promise((res) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/pledgemark.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

/** A minimal RFC 4180 reader, to check the CSV the CLI writes reads back to the same fields. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"') (quoted = true), i++;
    else if (c === ',') row.push(field), (field = ''), i++;
    else if (c === '\r' && s[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    else (field += c), i++;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

function item(over: Partial<Item> & { start: number; end: number; text: string }): Item {
  return {
    kind: 'target',
    sentence: { start: 0, end: over.end, text: over.text },
    section: null,
    value: null,
    valueMax: null,
    unit: null,
    comparator: null,
    deadline: null,
    metric: null,
    strength: null,
    approximate: false,
    reason: null,
    ...over,
  };
}

describe('display width', () => {
  it('counts CJK and full-width characters as two columns, ASCII as one, combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('学位')).toBe(4);
    expect(displayWidth('５３７０个')).toBe(10);
    expect(displayWidth('，。：')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('𠀀')).toBe(2); // CJK extension B, a surrogate pair
    expect(displayWidth('95%')).toBe(3);
  });
  it('pads and truncates by columns, never splitting a wide character', () => {
    expect(pad('学位', 6)).toBe('学位  ');
    expect(pad('ab', 4, true)).toBe('  ab');
    expect(truncate('公办学位数量', 7)).toBe('公办学…');
    expect(displayWidth(truncate('公办学位数量', 6))).toBeLessThanOrEqual(6);
    expect(truncate('short', 10)).toBe('short');
  });
  it('aligns a column after CJK cells at the same display column', () => {
    const lines = alignedTable(
      [{ header: 'metric' }, { header: 'value', right: true }, { header: 'unit' }],
      [['公办学位', '5370', '个'], ['ratio', '95', '%'], ['普惠性幼儿园在园幼儿占比', '85-90', '%']],
    );
    const unitCols = lines.map((l) => displayWidth(l.slice(0, l.lastIndexOf(' ') + 1)));
    expect(new Set(unitCols).size).toBe(1);
    expect(lines[1].startsWith('公办学位')).toBe(true);
  });
});

describe('field rendering', () => {
  it('prints numbers without float noise and ranges as value-valueMax', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(45000)).toBe('45000');
    expect(formatNumber(1.5e9)).toBe('1500000000');
    expect(formatValue({ value: 200, valueMax: 220 })).toBe('200-220');
    expect(formatValue({ value: 95, valueMax: null })).toBe('95');
    expect(formatValue({ value: null, valueMax: null })).toBe('');
  });
  it('quotes CSV fields per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(-5, false)).toBe('-5');
    expect(csvField(null)).toBe('');
  });
  it('escapes page text in Markdown so it cannot become markup', () => {
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)>');
    expect(mdText('a|b\nc')).toBe('a\\|b c');
    expect(mdText('[link](http://x)')).toBe('\\[link\\](http://x)');
  });
  it('finds a report title past navigation residue and joins a continued line', () => {
    expect(titleOf('栏目索引\n相关内容\n2021 年上半年工作总结\n今年以来')).toBe('2021 年上半年工作总结');
    expect(titleOf('广州市番禺区教育系统2019年工作总结\n及2020年工作计划\n\n正文')).toBe('广州市番禺区教育系统2019年工作总结及2020年工作计划');
    expect(titleOf('您当前所在的位置: 首页 > 政务公开\n\n海珠区规划\n')).toBe('海珠区规划');
    expect(titleOf('')).toBe('');
  });
  it('decodes strictly: bad UTF-8 is an error naming the file and byte, GB18030 works when asked', () => {
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK
    expect(() => decode('x.txt', gbk)).toThrow(/x\.txt: not valid utf-8 at byte 0.*gb18030/);
    expect(decode('x.txt', gbk, 'gb18030')).toBe('你好');
    expect(decode('x.txt', Buffer.from('\uFEFF目标', 'utf8'))).toBe('目标');
    expect(() => decode('x.txt', gbk, 'no-such-enc')).toThrow(/unknown encoding/);
    expect(decode('u16.txt', Buffer.from('\uFEFF目标95%', 'utf16le'))).toBe('目标95%');
    expect(() => decode('bin', Buffer.from([0x7f, 0x45, 0x00, 0x01, 0xff, 0x00]))).toThrow(/bin: not valid utf-8 at byte 4 \(a binary file\?\)/);
  });
});

describe('formats on synthetic items', () => {
  const text = '到2025年，公办学位达到5370个，占比"不低于"95%,\n新建学校。';
  const items: Item[] = [
    item({ start: 12, end: 17, text: '5370个', value: 5370, unit: '个', metric: '公办学位', comparator: '>=', deadline: 2025, strength: 'binding' }),
    item({ kind: 'reported', start: 26, end: 29, text: '95%', value: 95, unit: '%', sentence: { start: 0, end: 31, text: text.slice(0, 31) } }),
    item({ kind: 'commitment', start: 31, end: 35, text: '新建学校', metric: '=cmd' }),
  ];
  const report = { file: 'a,b.txt', title: '标题', bytes: 10, items };

  it('csv has a BOM, the documented header, CRLF rows and reads back to the same fields', () => {
    const csv = formatCsv([report]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(['file', 'kind', 'start', 'end', 'text', 'value', 'valueMax', 'unit', 'comparator', 'deadline', 'metric', 'strength', 'section', 'sentence']);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual(['a,b.txt', 'target', '12', '17', '5370个', '5370', '', '个', '>=', '2025', '公办学位', 'binding', '', '5370个']);
    expect(rows[2][13]).toBe(text.slice(0, 31)); // sentence with quotes, comma and a line break survives
    expect(rows[3][10]).toBe("'=cmd");
  });

  it('table lists each target once with its fields and counts the others', () => {
    const out = formatTable([report]);
    expect(out).toContain('a,b.txt — 标题');
    expect(out).toMatch(/targets: 1\n/);
    expect(out).toMatch(/公办学位\s+5370\s+个\s+>=\s+2025\s+binding/);
    expect(out).toContain('reported: 1');
    expect(out).toContain('commitments: 1');
    expect(out).not.toContain('\x1b[');
  });

  it('md has a targets table, a reported list and a commitments list', () => {
    const md = formatMarkdown([report]);
    expect(md).toMatch(/^# 标题$/m);
    expect(md).toMatch(/^\| 公办学位 \| 5370 \| 个 \| >= \| 2025 \| binding \| 5370个 \|$/m);
    expect(md).toMatch(/## Reported\n\n- \*\*95%\*\*/);
    expect(md).toMatch(/## Commitments\n\n- \*\*新建学校\*\*/);
  });
});

describe('argument parsing', () => {
  it('reads options in any position, --opt=value, and - as a file', () => {
    expect(parseArgs(['extract', '--format=csv', 'a', '-', 'b'])).toMatchObject({ command: 'extract', format: 'csv', files: ['a', '-', 'b'] });
    expect(parseArgs(['extract', 'a', '-f', 'md'])).toMatchObject({ format: 'md', files: ['a'] });
    expect(parseArgs(['extract', 'a'])).toMatchObject({ format: 'table' });
    expect(parseArgs(['extract', '--', '--weird-name'])).toMatchObject({ files: ['--weird-name'] });
    expect(() => parseArgs(['extract', 'a', '--format', 'xml'])).toThrow(/unknown format/);
    expect(() => parseArgs(['extract'])).toThrow(/at least one/);
  });
});

describe('the CLI as a process', () => {
  it('extract --format json on one file prints exactly {"items": [...]} as extract returns them', async () => {
    const r = await cli(['extract', '--format', 'json', SEED]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(['items']);
    const text = seedText(SEED);
    expect(parsed.items).toEqual(JSON.parse(JSON.stringify(extract(text))));
    for (const it of parsed.items) {
      expect(ItemSchema.safeParse(it).success).toBe(true);
      expect(text.slice(it.start, it.end)).toBe(it.text);
    }
  });

  it('extract --explain prints a header, then per item its offset, text and reason line (English unless LANG is zh_*)', async () => {
    const r = await cli(['extract', '--explain', SEED]);
    expect(r.code).toBe(0);
    const items = extract(seedText(SEED));
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# seeds\/longwan-2020-keypoints\.txt — /);
    expect(lines.slice(1)).toHaveLength(items.length);
    expect(lines[1]).toBe(`${items[0].start}\t${items[0].text}\t${reasonLine(items[0], 'en')}`);
    expect(parseArgs(['extract', '-x', 'a'])).toMatchObject({ explain: true, files: ['a'] });
  });

  it('a missing file: one line on stderr naming it, exit 2, the other file still processed', async () => {
    const r = await cli(['extract', '--format', 'json', 'no/such-file.txt', SEED]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => l.includes('no/such-file.txt'))).toHaveLength(1);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.reports).toHaveLength(1);
    expect(parsed.reports[0].file).toBe(SEED);
    expect(parsed.reports[0].items).toHaveLength(extract(seedText(SEED)).length);
  });

  it('a directory given to extract, and an empty file: clear error for the one, empty items for the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-cli-'));
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const r = await cli(['extract', '-f', 'json', 'seeds', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pledgemark: seeds: cannot read: is a directory$/m);
    expect(JSON.parse(r.stdout)).toEqual({ reports: [{ file: empty, items: [] }] });
  });

  it('several files in json: {"reports":[{"file","items"}]} in argument order', async () => {
    const r = await cli(['extract', '-f', 'json', SEED, SEED2]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.reports.map((x: { file: string }) => x.file)).toEqual([SEED, SEED2]);
    expect(Object.keys(parsed.reports[0]).sort()).toEqual(['file', 'items']);
  });

  it('reads stdin for -, with offsets into the text it read', async () => {
    const text = seedText(SEED);
    const r = await cli(['extract', '--format', 'json', '-'], text);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items).toEqual(JSON.parse(JSON.stringify(extract(text))));
  });

  it('csv starts with a UTF-8 BOM and has one row per item', async () => {
    const r = await cli(['extract', '--format', 'csv', SEED]);
    expect(r.code).toBe(0);
    expect(r.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(r.stdout.slice(1));
    expect(rows[0][0]).toBe('file');
    const items = extract(seedText(SEED));
    expect(rows).toHaveLength(items.length + 1);
    rows.slice(1).forEach((row, i) => {
      expect(row[1]).toBe(items[i].kind);
      expect(Number(row[2])).toBe(items[i].start);
      expect(row[4].replace(/^'/, '')).toBe(items[i].text.replace(/^'/, ''));
    });
  });

  it('table (the default) shows each of the seed\'s targets once, then the other counts', async () => {
    const r = await cli(['extract', SEED2]);
    expect(r.code).toBe(0);
    const items = extract(seedText(SEED2));
    const targets = items.filter((i) => i.kind === 'target');
    const lines = r.stdout.split('\n');
    const t = lines.findIndex((l) => /^targets: \d+$/.test(l));
    expect(lines[t]).toBe(`targets: ${targets.length}`);
    const rowLines = targets.length ? lines.slice(t + 2, t + 2 + targets.length) : [];
    expect(targets.length).toBeGreaterThan(0); // the panyu seed has targets (its 2020 plan)
    targets.forEach((it, i) => {
      expect(rowLines[i].trimStart().startsWith(truncate(oneLine(it.metric ?? ''), 32).replace(/…$/, ''))).toBe(true);
      expect(rowLines[i]).toContain(formatValue(it));
      expect(it.strength).not.toBeNull(); // every target has a strength (plain when no marker says otherwise)
      expect(rowLines[i].trimEnd().endsWith(it.strength!)).toBe(true);
    });
    expect(lines[t + (targets.length ? 2 + targets.length : 1)]).toBe(`reported: ${items.filter((i) => i.kind === 'reported').length}`);
    expect(r.stdout).toContain(`commitments: ${items.filter((i) => i.kind === 'commitment').length}`);
  });

  it('summary of the seeds folder: a title per report, counts, and a total line', async () => {
    const r = await cli(['summary', 'seeds']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toContain('广州市番禺区教育系统2019年工作总结及2020年工作计划');
    expect(r.stdout).not.toContain('README');
    const files = ['baoan-2021-h1-summary-h2-plan', 'guangzhou-2019-summary-2020-keypoints', 'haizhu-2021-2025-plan', 'longwan-2020-keypoints', 'panyu-2019-summary-2020-plan'];
    let targets = 0;
    for (const f of files) {
      expect(r.stdout).toContain(`seeds/${f}.txt`);
      targets += extract(seedText(`seeds/${f}.txt`)).filter((i) => i.kind === 'target').length;
    }
    expect(r.stdout).toMatch(new RegExp(`Total: 5 reports, ${targets.toLocaleString('en-US')} targets?,`));
  });

  it('--help exits 0; a bad option exits 2 with nothing on stdout', async () => {
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage:');
    const b = await cli(['extract', '--format', 'xml', SEED]);
    expect(b.code).toBe(2);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(/unknown format "xml"/);
  });

  it('non-UTF-8 input is a clear error (exit 2); --encoding gb18030 reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-cli-'));
    const f = join(dir, 'gbk.txt');
    writeFileSync(f, Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a])); // 你好\n
    const bad = await cli(['extract', '-f', 'json', f]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`${f}: not valid utf-8`);
    const good = await cli(['extract', '-f', 'json', '--encoding', 'gb18030', f]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ items: JSON.parse(JSON.stringify(extract('你好\n'))) });
  });

  it('HTML input: extracts from articleFromHtml(html).text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-cli-'));
    const f = join(dir, 'page.html');
    const body = seedText(SEED).split('\n').filter(Boolean).map((l) => `<p>${l.replace(/[<&]/g, '')}</p>`).join('\n');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>龙湾区教育局2020年工作要点</title></head><body><div class="content">${body}</div></body></html>`;
    writeFileSync(f, html);
    const r = await cli(['extract', '-f', 'json', f]);
    expect(r.code).toBe(0);
    const text = articleFromHtml(html).text;
    const items = JSON.parse(r.stdout).items as Item[];
    expect(items.length).toBeGreaterThan(0);
    expect(items).toEqual(JSON.parse(JSON.stringify(extract(text))));
    for (const it of items) expect(text.slice(it.start, it.end)).toBe(it.text);
  });
});
