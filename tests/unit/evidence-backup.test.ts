import { describe, expect, it } from 'vitest';
import { BackupSchema, makeBackup, parseBackup } from '../../lib/evidence/backup';
import { makeSnapshot, readSnapshotText } from '../../lib/evidence/snapshot';
import type { Annotation } from '../../lib/schema/annotation';

const URL1 = 'http://www.panyu.gov.cn/plan.html';
const TEXT = '2020年工作计划\n新开办中小学5所,新增公办中小学学位5370个,义务教育标准化学校达98%。';

function annotation(i: number): Annotation {
  const start = TEXT.indexOf('5370个');
  return {
    id: `a${i}`, url: URL1, title: '番禺', site: 'www.panyu.gov.cn', kind: 'target',
    quote: { type: 'TextQuoteSelector', exact: '5370个', prefix: TEXT.slice(start - 10, start), suffix: TEXT.slice(start + 5, start + 15) },
    position: { type: 'TextPositionSelector', start, end: start + 5 },
    fields: { value: 5370, valueMax: null, unit: '个', comparator: null, deadline: 2020, metric: '公办中小学学位', strength: 'plain', approximate: false },
    context: '新增公办中小学学位5370个', note: `note ${i}`, tags: ['学位'],
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

async function sample() {
  const s1 = (await makeSnapshot(URL1, '番禺', TEXT, [], null, new Date('2026-01-01T00:00:00Z')))!;
  const s2 = (await makeSnapshot(URL1, '番禺', TEXT.replace('5370', '5000'), [], s1))!;
  return makeBackup([0, 1, 2, 3, 4].map(annotation), [s1, s2], { autoHighlight: true, kinds: ['target'] }, new Date('2026-02-01T00:00:00Z'));
}

describe('backup', () => {
  it('round-trips through JSON without losing anything', async () => {
    const b = await sample();
    const r = parseBackup(JSON.stringify(b));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.backup).toEqual(b);
    expect(readSnapshotText(r.backup.snapshots[1])).toContain('5000个');
    expect(r.backup.settings).toEqual({ autoHighlight: true, kinds: ['target'] });
  });

  it('names a missing field by its path: annotations[3].quote.exact: Required', async () => {
    const b = JSON.parse(JSON.stringify(await sample()));
    delete b.annotations[3].quote.exact;
    const r = parseBackup(JSON.stringify(b));
    expect(r).toMatchObject({ ok: false, error: 'annotations[3].quote.exact: Required' });
    // Also for union- and literal-typed fields.
    delete b.annotations[3].quote.exact;
    delete b.annotations[0].kind;
    delete b.annotations[0].position.type;
    const r2 = parseBackup(JSON.stringify(b));
    expect(r2.ok).toBe(false);
    expect(r2.ok ? null : r2.issues).toEqual(['annotations[0].kind: Required', 'annotations[0].position.type: Required', 'annotations[3].quote.exact: Required']);
  });

  it('names a wrong value by its path and is all-or-nothing', async () => {
    const b = JSON.parse(JSON.stringify(await sample()));
    b.annotations[1].position.start = -1;
    b.snapshots[0].hash = 'xyz';
    const r = parseBackup(JSON.stringify(b));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(2);
    expect(r.error).toMatch(/^annotations\[1\]\.position\.start: /);
    expect(r.error).toMatch(/snapshots\[0\]\.hash: expected a SHA-256 hex digest/);
    expect('backup' in r).toBe(false);
  });

  it('rejects text that is not JSON, not a backup, or a newer version, with a clear message', () => {
    expect(parseBackup('{not json')).toMatchObject({ ok: false, error: expect.stringMatching(/^\(root\): not valid JSON/) });
    expect(parseBackup('[]')).toMatchObject({ ok: false, error: '(root): expected a JSON object' });
    expect(parseBackup('{"format":"other"}')).toMatchObject({ ok: false, error: expect.stringMatching(/^format: not a Pledgemark backup/) });
    expect(parseBackup('{"format":"pledgemark-backup","version":2}')).toMatchObject({
      ok: false,
      error: 'version: unsupported backup version 2 (this Pledgemark reads version 1)',
    });
    expect(parseBackup(undefined as unknown as string).ok).toBe(false);
  });

  it('rejects a snapshot whose compressed text is corrupt', async () => {
    const b = JSON.parse(JSON.stringify(await sample()));
    b.snapshots[1].textGz = b.snapshots[1].textGz.slice(0, 12);
    const r = parseBackup(JSON.stringify(b));
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^snapshots\[1\]\.textGz: snapshot text is not valid gzip data/) });
  });

  it('rejects duplicate annotation ids and duplicate snapshot versions', async () => {
    const b = JSON.parse(JSON.stringify(await sample()));
    b.annotations[4].id = 'a0';
    b.snapshots[1].version = 1;
    const r = parseBackup(JSON.stringify(b));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      'annotations[4].id: duplicate of annotations[0].id (a0)',
      `snapshots[1].version: duplicate of snapshots[0] (${URL1} version 1)`,
    ]);
  });

  it('caps the message at five issues and says how many more', async () => {
    const b = JSON.parse(JSON.stringify(await sample()));
    for (const a of b.annotations) a.url = 'nope';
    b.exportedAt = 'yesterday';
    const r = parseBackup(JSON.stringify(b));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(6);
    expect(r.error).toMatch(/\(and 1 more\)$/);
  });

  it('makeBackup validates what it is given', () => {
    expect(() => makeBackup([{ ...annotation(0), id: '' }], [])).toThrow();
    expect(BackupSchema.safeParse(makeBackup([], [])).success).toBe(true);
  });
});
