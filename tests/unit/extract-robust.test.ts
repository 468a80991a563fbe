/**
 * Robustness bars for extract(): inputs that are not reports give no items and no error, and
 * adversarial 1 MB inputs (bench/extract.ts builds them) are extracted in under 1 s each.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { extract } from '../../lib/extract/index';
import { ItemSchema } from '../../lib/schema/item';
import { adversarialCases, MB, utf8Bytes } from '../../bench/extract';

/** Deterministic pseudo-random bytes (mulberry32), so a failure reproduces. */
function randomBytes(n: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const ENGLISH = `Annual Report of the District Education Bureau

In 2019 the bureau continued to improve the quality of public education. By the end of 2025,
the district plans to add 5,370 public school places and to raise the preschool enrolment rate
to at least 95%. Spending per student reached 12,000 yuan (up 8.5% on 2018), and 30 new schools
were completed. The bureau will ensure that no fewer than 200 teachers are trained each year;
see section 3.2 (pages 14-16) for details. Contact: +86 20 1234 5678, www.example.gov.cn.
`;

describe('extract() on inputs that are not reports', () => {
  it('empty input: no items, no error', () => {
    expect(extract('')).toEqual([]);
  });

  it('whitespace and punctuation only: no items', () => {
    expect(extract(' \n\r\n\t\u3000。，；！？')).toEqual([]);
  });

  it('English text, numbers and percentages included: no items', () => {
    expect(extract(ENGLISH)).toEqual([]);
    expect(extract(ENGLISH.repeat(50))).toEqual([]);
  });

  for (const seed of [1, 2, 3, 42, 2025]) {
    it(`binary garbage decoded as UTF-8 (seed ${seed}): no items, no error`, () => {
      const text = new TextDecoder('utf-8').decode(randomBytes(64 * 1024, seed));
      expect(extract(text)).toEqual([]);
    });
    it(`binary garbage decoded as latin1 (seed ${seed}): no items, no error`, () => {
      const text = new TextDecoder('latin1').decode(randomBytes(64 * 1024, seed));
      expect(extract(text)).toEqual([]);
    });
  }

  it('NUL bytes, lone surrogates and a BOM: no error, the target still found, valid items only', () => {
    const s = '\uFEFF\u0000\uD8002020年工作要点\n到2025年\uDC00新增学位100个\u0000。';
    const items = extract(s);
    expect(items.map((i) => [i.kind, i.text, i.deadline])).toEqual([['target', '100个', 2025]]);
    for (const it of items) {
      expect(ItemSchema.safeParse(it).success).toBe(true);
      expect(s.slice(it.start, it.end)).toBe(it.text);
    }
  });
});

describe('extract() on adversarial 1 MB inputs: under 1 s each', () => {
  for (const c of adversarialCases(MB)) {
    it(`${c.name} (${(utf8Bytes(c.text) / MB).toFixed(2)} MB)`, () => {
      expect(utf8Bytes(c.text)).toBeGreaterThanOrEqual(MB);
      // The lesser of wall time and process CPU time, best of two runs (the first also compiles): other work on a
      // busy 2-core machine must not fail a guard meant for blow-ups.
      let items: ReturnType<typeof extract> = [];
      let ms = Infinity;
      let seen = '';
      for (let run = 0; run < 2; run++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        items = extract(c.text);
        const cpu = process.cpuUsage(c0);
        const wall = performance.now() - t0;
        ms = Math.min(ms, wall, (cpu.user + cpu.system) / 1000);
        seen += `${wall.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; `;
      }
      expect(ms, `${c.name}: ${seen}`).toBeLessThan(1000);
      // whatever it found is well formed
      let prevEnd = 0;
      for (const it of items) {
        expect(c.text.slice(it.start, it.end)).toBe(it.text);
        expect(it.start).toBeGreaterThanOrEqual(prevEnd);
        prevEnd = it.end;
      }
    });
  }
});

describe('section headings at scale', () => {
  it('a megabyte of heading lines stays linear', async () => {
    const { extract } = await import('../../lib/extract');
    for (const unit of ['2020年工作总结和2021年工作计划\n', '存在问题\n', '二、2021年工作计划\n新增学位5个。\n']) {
      const t0 = performance.now();
      extract(unit.repeat(Math.ceil(1_000_000 / unit.length)));
      expect(performance.now() - t0, unit).toBeLessThan(6000);
    }
  });
});
