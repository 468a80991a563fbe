// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SnapshotView, describeItem } from '../../components/snapshot/SnapshotView';
import { segmentText } from '../../components/snapshot/segments';
import { setLanguage } from '../../lib/i18n';
import { messageSnapshotSource, type SnapshotSource } from '../../components/snapshot/source';
import { makeSnapshot } from '../../lib/evidence/snapshot';
import type { Snapshot } from '../../lib/schema/snapshot';
import type { Item, ItemKind } from '../../lib/schema/item';

const URL1 = 'http://www.panyu.gov.cn/plan.html';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const TEXT = `2020年工作计划\n新开办中小学5所,新增公办中小学学位5370个。${HOSTILE}\n全面落实课后服务,义务教育标准化学校达98%。`;

function item(text: string, needle: string, kind: ItemKind, value: number | null, unit: string | null): Item {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(needle);
  return {
    kind, start, end: start + needle.length, text: needle, sentence: { start, end: start + needle.length, text: needle }, section: null,
    value, valueMax: null, unit, comparator: null, deadline: 2020, metric: null, strength: null, approximate: false, reason: null,
  };
}

async function snapshots(): Promise<Snapshot[]> {
  const items = [
    item(TEXT, '5所', 'target', 5, '所'),
    item(TEXT, '5370个', 'target', 5370, '个'),
    item(TEXT, '全面落实课后服务', 'commitment', null, null),
    item(TEXT, '98%', 'reported', 98, '%'),
  ];
  const v1 = (await makeSnapshot(URL1, `番禺 ${HOSTILE}`, TEXT, items, null, new Date('2026-01-01T00:00:00Z')))!;
  const t2 = TEXT.replace('5370', '5000');
  const v2 = (await makeSnapshot(URL1, '番禺 v2', t2, [item(t2, '5000个', 'target', 5000, '个')], v1))!;
  return [v1, v2];
}

function fakeSource(list: Snapshot[]): SnapshotSource & { calls: Array<[string, number | undefined]> } {
  const calls: Array<[string, number | undefined]> = [];
  return {
    calls,
    async get(url, version) {
      calls.push([url, version]);
      const mine = list.filter((s) => s.url === url);
      return (version === undefined ? mine[mine.length - 1] : mine.find((s) => s.version === version)) ?? null;
    },
    async versions(url) {
      return list.filter((s) => s.url === url).map((s) => s.version);
    },
  };
}

let root: HTMLElement;
async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
  root = document.createElement('div');
  document.body.appendChild(root);
  await act(async () => {
    render(node, root);
  });
  // let the source's promises settle and the effect's setState render
  for (let i = 0; i < 5; i++) await act(async () => await new Promise((r) => setTimeout(r, 0)));
  return root;
}

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('SnapshotView', () => {
  it('shows the chosen version with its items highlighted by kind', async () => {
    const el = await mount(<SnapshotView source={fakeSource(await snapshots())} url={URL1} version={1} />);
    const marks = [...el.querySelectorAll<HTMLElement>('[data-testid=snapshot-text] mark')];
    expect(marks.map((m) => [m.dataset.kind, m.textContent])).toEqual([
      ['target', '5所'],
      ['target', '5370个'],
      ['commitment', '全面落实课后服务'],
      ['reported', '98%'],
    ]);
    expect(marks[1].className).toBe('pm-snap-mark pm-kind-target');
    expect(marks[1].title).toContain('5370个');
    // The whole text is there, unchanged, as text.
    expect(el.querySelector('[data-testid=snapshot-text]')!.textContent).toBe(TEXT);
    // Kind colours and underline styles (Okabe–Ito; differing line styles).
    const css = el.querySelector('style')!.textContent!;
    expect(css).toMatch(/\.pm-kind-target\{[^}]*text-decoration-style:double;text-decoration-color:#0072B2/);
    expect(css).toMatch(/\.pm-kind-reported\{[^}]*text-decoration-style:dotted;text-decoration-color:#D55E00/);
    expect(css).toMatch(/\.pm-kind-commitment\{[^}]*text-decoration-style:dashed;text-decoration-color:#009E73/);
    const select = el.querySelector<HTMLSelectElement>('[data-testid=snapshot-version]')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['1', '2 (latest)']);
    expect(select.value).toBe('1');
    expect(el.querySelector('time')!.getAttribute('datetime')).toBe('2026-01-01T00:00:00.000Z');
    expect(el.querySelector<HTMLAnchorElement>('[data-testid=snapshot-url] a')!.href).toBe(URL1);
  });

  it('shows HTML in the text and the title as text, never as markup', async () => {
    (window as unknown as { __pwned?: number }).__pwned = 0;
    const el = await mount(<SnapshotView source={fakeSource(await snapshots())} url={URL1} version={1} />);
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector('[data-testid=snapshot-text]')!.textContent).toContain(HOSTILE);
    expect(el.querySelector('[data-testid=snapshot-title]')!.textContent).toBe(`番禺 ${HOSTILE}`);
    expect((window as unknown as { __pwned?: number }).__pwned).toBe(0);
  });

  it('loads the latest by default and switches version from the selector', async () => {
    const source = fakeSource(await snapshots());
    const onVersionChange = vi.fn();
    const onLoad = vi.fn();
    const el = await mount(<SnapshotView source={source} url={URL1} onVersionChange={onVersionChange} onLoad={onLoad} />);
    expect(onLoad).toHaveBeenLastCalledWith(expect.objectContaining({ version: 2 }));
    expect(el.querySelector('[data-testid=snapshot-title]')!.textContent).toBe('番禺 v2');
    expect([...el.querySelectorAll('mark[data-kind]')].map((m) => m.textContent)).toEqual(['5000个']);
    const select = el.querySelector<HTMLSelectElement>('[data-testid=snapshot-version]')!;
    await act(async () => {
      select.value = '1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    for (let i = 0; i < 5; i++) await act(async () => await new Promise((r) => setTimeout(r, 0)));
    expect(onVersionChange).toHaveBeenCalledWith(1);
    expect(source.calls).toContainEqual([URL1, 1]);
    expect(el.querySelectorAll('mark[data-kind]')).toHaveLength(4);
    expect(onLoad).toHaveBeenLastCalledWith(expect.objectContaining({ version: 1 }));
  });

  it('says so when nothing is stored, the source fails, or the stored text is corrupt', async () => {
    let el = await mount(<SnapshotView source={fakeSource([])} url={URL1} />);
    expect(el.textContent).toContain(`No snapshot is stored for ${URL1}`);
    render(null, root);
    root.remove();

    const failing: SnapshotSource = { get: () => Promise.reject(new Error('background asleep')), versions: async () => [] };
    el = await mount(<SnapshotView source={failing} url={URL1} />);
    expect(el.querySelector('[role=alert]')!.textContent).toContain('background asleep');
    render(null, root);
    root.remove();

    const [v1] = await snapshots();
    el = await mount(<SnapshotView source={fakeSource([{ ...v1, textGz: 'AAAA' }])} url={URL1} />);
    expect(el.querySelector('[role=alert]')!.textContent).toMatch(/cannot be read/);
    render(null, root);
    root.remove();

    el = await mount(<SnapshotView source={fakeSource([])} url="" />);
    expect(el.querySelector('[role=alert]')!.textContent).toMatch(/No page given/);
  });

  it('does not link a URL that is not http(s)', async () => {
    const [v1] = await snapshots();
    const js = { ...v1, url: 'javascript:alert(1)' } as Snapshot;
    const el = await mount(<SnapshotView source={fakeSource([js])} url="javascript:alert(1)" />);
    expect(el.querySelector('[data-testid=snapshot-url] a')).toBeNull();
    expect(el.querySelector('[data-testid=snapshot-url]')!.textContent).toBe('javascript:alert(1)');
  });
});

describe('segmentText', () => {
  it('concatenates back to the text, skipping overlapping and mismatched items', () => {
    const text = '新增公办中小学学位5370个,标准化学校达98%。';
    const a = item(text, '5370个', 'target', 5370, '个');
    const overlapping = { ...item(text, '学位5370', 'target', 5370, null) };
    const wrong = { ...item(text, '98%', 'reported', 98, '%'), text: '99%' };
    const outside = { ...a, start: 100, end: 105 };
    const segs = segmentText(text, [overlapping, a, wrong, outside]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.item).map((s) => s.text)).toEqual(['学位5370']);
  });

  it('describes an item in plain text', () => {
    const it = { ...item('到2025年达到95%以上', '95%以上', 'target', 95, '%'), comparator: '>=' as const, metric: '比例', deadline: 2025 };
    setLanguage('zh');
    expect(describeItem(it)).toBe('目标 · 比例 · 95%以上 · → 2025');
    setLanguage('en');
    expect(describeItem(it)).toBe('Target · 比例 · 95%以上 · → 2025');
    setLanguage('auto');
  });
});

describe('messageSnapshotSource', () => {
  it('asks the background with snapshot/get and lists versions 1..latest', async () => {
    const [v1, v2] = await snapshots();
    const sent: unknown[] = [];
    const transport = async (msg: unknown) => {
      sent.push(msg);
      const m = msg as { version?: number };
      return { ok: true, data: m.version === 1 ? v1 : v2 };
    };
    const src = messageSnapshotSource(transport);
    expect((await src.get(URL1, 1))!.version).toBe(1);
    expect(await src.versions(URL1)).toEqual([1, 2]);
    expect(sent).toEqual([{ type: 'snapshot/get', url: URL1, version: 1 }, { type: 'snapshot/get', url: URL1 }]);
    const failing = messageSnapshotSource(async () => ({ ok: false, error: 'no such page' }));
    await expect(failing.get(URL1)).rejects.toThrow('no such page');
    const bad = messageSnapshotSource(async () => ({ ok: true, data: { url: URL1 } }));
    await expect(bad.get(URL1)).rejects.toThrow(/Invalid answer/);
  });
});
