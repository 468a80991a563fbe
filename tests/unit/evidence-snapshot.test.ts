import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  base64ToBytes,
  makeSnapshot,
  readSnapshotText,
  sha256Hex,
  verifySnapshot,
} from '../../lib/evidence/snapshot';
import { SnapshotSchema, type Snapshot } from '../../lib/schema/snapshot';
import type { Item } from '../../lib/schema/item';

const SEEDS = join(__dirname, '../../seeds');
const seeds = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f, text: readFileSync(join(SEEDS, f), 'utf8') }));
const URL1 = 'http://www.haizhu.gov.cn/gkmlpt/content/8/8500000/post_8500000.html';

function itemAt(text: string, needle: string): Item {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`not in text: ${needle}`);
  const end = start + needle.length;
  return {
    kind: 'target', start, end, text: needle, sentence: { start, end, text: needle }, section: null,
    value: 1, valueMax: null, unit: null, comparator: null, deadline: null, metric: null, strength: null, approximate: false, reason: null,
  };
}

describe('snapshot', () => {
  it('has 5 seeds to test on', () => expect(seeds.length).toBeGreaterThanOrEqual(5));

  for (const seed of seeds) {
    it(`round-trips and compresses ${seed.name}`, async () => {
      const s = await makeSnapshot(URL1, 'title', seed.text, [], undefined, new Date('2026-01-02T03:04:05Z'));
      expect(s).not.toBeNull();
      const snap = s!;
      expect(readSnapshotText(snap)).toBe(seed.text);
      // Measured (gzip -9 + base64 vs UTF-8 bytes): 0.51 (haizhu) to 0.60 (longwan). Base64 costs 4/3,
      // so the gzip itself is under half of the UTF-8.
      const utf8 = new TextEncoder().encode(seed.text).length;
      expect(snap.textGz.length / utf8).toBeLessThan(0.65);
      expect(base64ToBytes(snap.textGz).length / utf8).toBeLessThan(0.5);
      // Survives a JSON round trip (a backup) and still validates.
      const back = SnapshotSchema.parse(JSON.parse(JSON.stringify(snap)));
      expect(readSnapshotText(back)).toBe(seed.text);
      // And a structured clone (IndexedDB).
      expect(readSnapshotText(structuredClone(snap))).toBe(seed.text);
      expect(await verifySnapshot(back)).toBe(true);
    });
  }

  it('hashes with SHA-256 (known vector)', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('海珠')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('versions per URL and returns null when the text is unchanged', async () => {
    const text = seeds.find((s) => s.name.startsWith('haizhu'))!.text;
    const items = [itemAt(text, '4234个')];
    const v1 = (await makeSnapshot(URL1, '规划', text, items, null, new Date('2026-01-01T00:00:00Z')))!;
    expect(v1.version).toBe(1);
    expect(v1.capturedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(v1.items).toEqual(items);
    expect(v1.hash).toBe(await sha256Hex(text));
    expect(await makeSnapshot(URL1, '规划', text, items, v1)).toBeNull();
    const edited = text.replace('4234个', '4000个');
    const v2 = (await makeSnapshot(URL1, '规划', edited, [], v1))!;
    expect(v2.version).toBe(2);
    expect(v2.hash).not.toBe(v1.hash);
    expect(readSnapshotText(v2)).toBe(edited);
    const v3 = (await makeSnapshot(URL1, '规划', text, [], v2))!;
    expect(v3.version).toBe(3); // back to the old text is still a new version
  });

  it('rejects bad input with a clear error', async () => {
    await expect(makeSnapshot('not a url', 't', 'x', [])).rejects.toThrow(/^makeSnapshot: url: /);
    const bad = { ...itemAt('abc', 'b'), end: 0 } as Item;
    await expect(makeSnapshot(URL1, 't', 'abc', [bad])).rejects.toThrow(/items\[0\]/);
    const other = (await makeSnapshot('http://a.gov.cn/', 't', 'x', []))!;
    await expect(makeSnapshot(URL1, 't', 'y', [], other)).rejects.toThrow(/previous snapshot is of/);
  });

  it('reports corrupt stored text clearly instead of returning garbage', async () => {
    const s = (await makeSnapshot(URL1, 't', '新增公办学位5370个', []))!;
    expect(() => readSnapshotText({ textGz: '@@@' })).toThrow(/base64/);
    const broken: Snapshot = { ...s, textGz: s.textGz.slice(0, 8) };
    expect(() => readSnapshotText(broken)).toThrow(/gzip/);
    expect(await verifySnapshot(broken)).toBe(false);
    expect(await verifySnapshot({ ...s, hash: '0'.repeat(64) })).toBe(false);
  });
});
