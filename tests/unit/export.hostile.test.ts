import { afterEach, describe, expect, it } from 'vitest';
import { toMarkdown, toCsv, guardCell, toJsonExport, parseImport, CSV_COLUMNS } from '../../lib/export';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { exportBackup, restoreBackup } from '../../lib/store/backup';
import { makeBackup } from '../../lib/evidence/backup';
import { DEFAULT_SETTINGS } from '../../lib/schema/settings';
import type { Annotation } from '../../lib/schema/annotation';
import { annotation, newAnnotation } from './store.fixtures';

/** Strings a hostile page or a tampered import could put in a note, a tag, a title or a quote. */
const HOSTILE_NOTE = 'ok\n# Injected heading\n<img src=x onerror=alert(1)>\n```\ncode\n```\n[click](javascript:alert(1)) &lt;b&gt;';
const HOSTILE_TAG = 'a`b\n<script>alert(1)</script>\n## tag heading';
const HOSTILE_TITLE = '`title` <b>bold</b>\r\n===\n- item';
const HOSTILE_QUOTE = '新增\u2028# after LS\u2029<svg onload=x>';

const BAD_URLS = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:x', 'ftp://x.gov.cn/a'];

function hostile(): Annotation {
  return annotation(1, { title: HOSTILE_TITLE, note: HOSTILE_NOTE, tags: [HOSTILE_TAG, 'plain'], quote: { ...annotation(1).quote, exact: HOSTILE_QUOTE }, context: 'ctx\n# ctx heading' });
}

describe('Markdown export of hostile notes, tags, titles and quotes', () => {
  const md = toMarkdown([hostile()], new Date('2026-12-01T00:00:00Z'));
  const lines = md.split('\n');

  it('no user string starts a line: only our own headings, list items, quotes and blank lines', () => {
    const headings = lines.filter((l) => /^\s{0,3}#/.test(l));
    expect(headings).toEqual(['# Pledgemark notes', expect.stringMatching(/^## /), expect.stringMatching(/^### 1\. /)]);
    for (const l of lines) expect(l).toMatch(/^(|# |## |### |- |> |Context: |Exported )/);
    expect(md).not.toMatch(/^\s*(===|---|```)/m);
  });

  it('no raw HTML, no unescaped backtick, no live link; & is escaped so entities show as typed', () => {
    // `<` only opens our own autolinks to the page.
    expect(md.replace(/<http:\/\/[^>\s]+>/g, '')).not.toContain('<');
    expect(md).not.toMatch(/(^|[^\\])`/m);
    expect(md).not.toMatch(/(^|[^\\])\]\(javascript/);
    expect(md).toContain('\\[click\\](javascript');
    expect(md).toContain('&amp;lt;b&amp;gt;');
  });

  it('every user string is still there, readable', () => {
    expect(md).toContain('Injected heading');
    expect(md).toContain('tag heading');
    expect(md).toContain('after LS');
  });

  it('a record saved before URLs were checked (javascript:) is shown as text, never as a link', () => {
    const legacy = { ...annotation(2), url: 'javascript:alert(1)//' } as Annotation;
    const out = toMarkdown([legacy]);
    expect(out).not.toMatch(/<javascript:/);
    expect(out).toContain('- Source: javascript:alert(1)//');
    expect(out).toContain('- Link: javascript:alert(1)//');
  });
});

describe('CSV formula guard', () => {
  it('guards = + - @ after blanks, line breaks and full-width forms', () => {
    for (const s of [' =1+1', '\u3000=cmd', '\u00a0+1', '＝SUM(A1)', '＋1', '－1', '＠x', '\n=1', '\r\n+1', ' \t-x', '\u2212x', '\u200b=1', '\n']) {
      expect(guardCell(s), JSON.stringify(s)).toBe(`'${s}`);
    }
  });

  it('leaves numbers and ordinary text alone', () => {
    for (const s of ['-12', '+1.5e3', '学位 = 5', 'a-b', '5370个', '']) expect(guardCell(s)).toBe(s);
  });

  it('a hostile note and tag come out as guarded, quoted text cells', () => {
    const a = annotation(3, { note: '\n=HYPERLINK("http://evil","x")', tags: ['＝1+1'] });
    const csv = toCsv([a]);
    expect(csv).toContain(`"'\n=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain("'＝1+1");
    expect(csv.slice(1).split('\r\n')[0].split(',')).toEqual([...CSV_COLUMNS]);
  });
});

const dbs: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});
function fresh() {
  const db = new PledgemarkDB(`hostile-${Math.random()}`);
  dbs.push(db);
  return { db, repo: new AnnotationRepository(db), snapshots: new SnapshotRepository(db) };
}

describe('stored and imported URLs are http(s) only', () => {
  it('a save with another scheme is refused and nothing is stored', async () => {
    const { repo } = fresh();
    for (const url of BAD_URLS) await expect(repo.save(newAnnotation({ url })), url).rejects.toThrow(/http or https/);
    expect(await repo.count()).toBe(0);
  });

  it('a snapshot of another scheme is refused', async () => {
    const { snapshots } = fresh();
    await expect(snapshots.saveFromPage({ url: 'data:text/html,x', title: 't', text: 'x', items: [] }, true)).rejects.toThrow();
    expect(await snapshots.all()).toEqual([]);
  });

  it('an import naming another scheme is rejected whole', () => {
    for (const url of BAD_URLS) {
      const json = toJsonExport([annotation(0), annotation(1)]).replace(annotation(1).url, url);
      expect(() => parseImport(json), url).toThrow(/http or https/);
    }
  });

  it('a backup naming another scheme is rejected and nothing changes', async () => {
    const { db, repo } = fresh();
    await repo.importMany([annotation(5)]);
    const json = JSON.stringify(makeBackup([annotation(6)], [], {})).replace(annotation(6).url, 'javascript:alert(1)');
    await expect(restoreBackup(db, json)).rejects.toThrow(/http or https/);
    expect((await repo.all()).map((a) => a.id)).toEqual([annotation(5).id]);
  });
});

describe('record keys are looked up as own properties', () => {
  it('settings keys such as constructor, toString and __proto__ restore (kept), and the settings still read', async () => {
    const { db, repo } = fresh();
    const json = `{"format":"pledgemark-backup","version":1,"exportedAt":"2026-12-01T00:00:00.000Z","annotations":[],"snapshots":[],
      "settings":{"constructor":1,"toString":"x","hasOwnProperty":null,"__proto__":{"autoHighlight":false},"autoHighlight":false}}`;
    const r = await restoreBackup(db, json);
    expect(r.settings).toBeGreaterThanOrEqual(4);
    expect(await repo.getSettings()).toEqual({ ...DEFAULT_SETTINGS, autoHighlight: false });
    // …and they come back out of a backup as the record's own keys.
    const back = JSON.parse((await exportBackup(db)).content).settings;
    expect(Object.keys(back).sort()).toEqual(['autoHighlight', 'constructor', 'hasOwnProperty', 'toString']);
  });

  it('snapshot/versions of a URL-like key such as __proto__ answers an own, empty record', async () => {
    const { snapshots } = fresh();
    const out = await snapshots.versionsOf(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual([]);
  });
});
