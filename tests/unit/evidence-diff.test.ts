import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffItems, diffSnapshots, similarity } from '../../lib/evidence/diff';
import { makeSnapshot } from '../../lib/evidence/snapshot';
import { extract } from '../../lib/extract/index';
import type { Comparator, Item } from '../../lib/schema/item';

const HAIZHU = readFileSync(join(__dirname, '../../seeds/haizhu-2021-2025-plan.txt'), 'utf8');
const FORWARD = HAIZHU.indexOf('第三章 “十四五”教育事业发展总体战略', 2000); // chapters 3-6 look forward

/**
 * A small stand-in extractor for these tests (the real one is written elsewhere and its exact output
 * must not be depended on): every number with a unit, 'target' after FORWARD and 'reported' before,
 * in its sentence, with a year deadline (到2025年) and a comparator (以上 / 不低于).
 */
function items(text: string, forwardFrom = text.indexOf('第三章 “十四五”教育事业发展总体战略', 2000)): Item[] {
  const out: Item[] = [];
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(个|所|%|项|名)(以上)?/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    let s = start;
    while (s > 0 && !/[。！？;；\n]/.test(text[s - 1])) s--;
    let e = end;
    while (e < text.length && !/[。！？;；\n]/.test(text[e])) e++;
    const sentence = text.slice(s, e);
    const year = /到(20\d\d)年/.exec(sentence);
    const comparator: Comparator | null = m[3] ? '>=' : /不低于/.test(sentence) ? '>=' : null;
    out.push({
      kind: start >= forwardFrom ? 'target' : 'reported',
      start, end, text: m[0],
      sentence: { start: s, end: e, text: sentence },
      section: null,
      value: Number(m[1]), valueMax: null, unit: m[2], comparator,
      deadline: year ? Number(year[1]) : null,
      metric: text.slice(Math.max(s, start - 6), start).replace(/[,、:]/g, '') || null,
      strength: null, approximate: false, reason: null,
    });
  }
  return out;
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`not exactly once: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function removeParagraphWith(text: string, needle: string): string {
  const at = text.indexOf(needle);
  return text.slice(0, text.lastIndexOf('\n', at)) + text.slice(text.indexOf('\n', at));
}

const INSERTED_PARAGRAPH = '\n\n  到2025年,新建公办幼儿园12所,新增中小学学位8000个。';

describe('diffItems on seed text', () => {
  const before = items(HAIZHU);

  it('has items on both sides of the forward boundary to work with', () => {
    expect(FORWARD).toBeGreaterThan(0);
    expect(before.filter((i) => i.kind === 'target').length).toBeGreaterThan(10);
    expect(before.filter((i) => i.kind === 'reported').length).toBeGreaterThan(10);
  });

  it('identical extractions: nothing added, removed or altered', () => {
    const d = diffItems(before, items(HAIZHU));
    expect(d).toEqual({ added: [], removed: [], altered: [], unchanged: before.length });
  });

  it('a target value edited → one altered item with both quotes', () => {
    const edited = replaceOnce(HAIZHU, '规范化幼儿园占比保持95%以上', '规范化幼儿园占比保持90%以上');
    const d = diffItems(before, items(edited));
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.altered).toHaveLength(1);
    const a = d.altered[0];
    expect(a.kind).toBe('target');
    expect(a.changes).toEqual([{ field: 'value', old: 95, new: 90 }]);
    expect(a.oldQuote.text).toBe('95%以上');
    expect(a.newQuote.text).toBe('90%以上');
    expect(a.oldQuote.sentence).toContain('规范化幼儿园占比保持95%以上');
    expect(a.newQuote.sentence).toContain('规范化幼儿园占比保持90%以上');
    // The other items of that sentence are unchanged, not altered.
    expect(d.unchanged).toBe(before.length - 1);
  });

  it('unit, comparator and deadline changes are reported field by field', () => {
    let edited = replaceOnce(HAIZHU, '高中学业水平考试成绩C级以上比例保持92%以上', '高中学业水平考试成绩C级以上比例保持92%');
    edited = replaceOnce(edited, '到2025年,实现师生100%开通网络学习空间', '到2024年,实现师生100%开通网络学习空间');
    const d = diffItems(before, items(edited));
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    const fields = d.altered.map((a) => a.changes.map((c) => `${c.field}:${String(c.old)}→${String(c.new)}`).join(','));
    expect(fields.sort()).toEqual(['comparator:>=→null', 'deadline:2025→2024']);
  });

  it('a paragraph removed → its items removed, nothing else', () => {
    const edited = removeParagraphWith(HAIZHU, '高中学业水平考试成绩C级以上比例保持92%以上');
    const d = diffItems(before, items(edited));
    expect(d.added).toEqual([]);
    expect(d.altered).toEqual([]);
    expect(d.removed.map((r) => r.quote.text)).toEqual(['92%以上']);
    expect(d.removed[0].quote.sentence).toContain('高中学业水平考试成绩C级以上比例保持92%以上');
  });

  it('a paragraph inserted → its items added, nothing else', () => {
    const at = HAIZHU.indexOf('\n', HAIZHU.indexOf('高中学业水平考试成绩C级以上比例保持92%以上'));
    const edited = HAIZHU.slice(0, at) + INSERTED_PARAGRAPH + HAIZHU.slice(at);
    const d = diffItems(before, items(edited));
    expect(d.removed).toEqual([]);
    expect(d.altered).toEqual([]);
    expect(d.added.map((r) => `${r.kind} ${r.quote.text}`)).toEqual(['target 12所', 'target 8000个']);
  });

  it('all three at once: edit, removal and insertion are told apart', () => {
    let edited = replaceOnce(HAIZHU, '需新增4234个幼儿园学位', '需新增4500个幼儿园学位');
    edited = removeParagraphWith(edited, '高中学业水平考试成绩C级以上比例保持92%以上');
    const at = edited.indexOf('\n', edited.indexOf('实现师生100%开通网络学习空间'));
    edited = edited.slice(0, at) + INSERTED_PARAGRAPH + edited.slice(at);
    const d = diffItems(before, items(edited));
    expect(d.altered.map((a) => [a.oldQuote.text, a.newQuote.text, a.changes.map((c) => c.field)])).toEqual([
      ['4234个', '4500个', ['value']],
    ]);
    expect(d.removed.map((r) => r.quote.text)).toEqual(['92%以上']);
    expect(d.added.map((r) => r.quote.text)).toEqual(['12所', '8000个']);
  });

  it('does not pair unrelated items: a replaced paragraph is removed + added, not altered', () => {
    const para = '高中学业水平考试成绩C级以上比例保持92%以上';
    const edited = replaceOnce(HAIZHU, para, '组建心理健康教育名师工作室15个');
    const d = diffItems(before, items(edited));
    expect(d.altered).toEqual([]);
    expect(d.removed.map((r) => r.quote.text)).toEqual(['92%以上']);
    expect(d.added.map((r) => r.quote.text)).toEqual(['15个']);
  });

  it('compares only targets and reported figures by default; kinds can be chosen', () => {
    const commitment: Item = { ...before[0], kind: 'commitment', value: null, unit: null };
    expect(diffItems([commitment], []).removed).toEqual([]);
    expect(diffItems([commitment], [], { kinds: ['commitment'] }).removed).toHaveLength(1);
  });

  it('similarity masks numbers but not wording', () => {
    const [a] = items('到2025年,新增学位4234个。');
    const [b] = items('到2025年,新增学位4500个。');
    const [c] = items('到2025年,建成示范学校12所。');
    expect(similarity(a, b)).toBeGreaterThan(0.9);
    expect(similarity(a, c)).toBeLessThan(0.55);
  });
});

describe('diffSnapshots', () => {
  it('diffs two snapshots of one URL, older first whatever the order', async () => {
    const url = 'http://www.haizhu.gov.cn/plan.html';
    const edited = replaceOnce(HAIZHU, '需新增4234个幼儿园学位', '需新增4500个幼儿园学位');
    const v1 = (await makeSnapshot(url, 't', HAIZHU, items(HAIZHU)))!;
    const v2 = (await makeSnapshot(url, 't', edited, items(edited), v1))!;
    const d = diffSnapshots(v2, v1);
    expect(d.altered.map((a) => a.changes)).toEqual([[{ field: 'value', old: 4234, new: 4500 }]]);
    const other = (await makeSnapshot('http://other.gov.cn/', 't', HAIZHU, []))!;
    expect(() => diffSnapshots(v1, other)).toThrow(/different pages/);
  });

  it('with the real extractor: an edited target shows up as altered or as removed + added', () => {
    const real = extract(HAIZHU);
    expect(real.length).toBeGreaterThan(0);
    const target = real.find((i) => i.kind === 'target' && i.value !== null && /\d/.test(i.text));
    expect(target).toBeDefined();
    const t = target!;
    const m = /\d+/.exec(t.text)!;
    const newNumber = String(Number(m[0]) + 1);
    const edited = HAIZHU.slice(0, t.start + m.index) + newNumber + HAIZHU.slice(t.start + m.index + m[0].length);
    expect(diffItems(real, extract(HAIZHU))).toMatchObject({ added: [], removed: [], altered: [] });
    const d = diffItems(real, extract(edited));
    const touched = [...d.altered.map((a) => a.oldQuote.start), ...d.removed.map((r) => r.quote.start)];
    expect(touched).toContain(t.start);
  });
});
