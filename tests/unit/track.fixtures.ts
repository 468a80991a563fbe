/** Reports as the linker takes them, from the seed and corpus files (extracted once per file and cached). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract } from '../../lib/extract/index';
import type { TrackDoc } from '../../lib/schema/track';
import { titleOf } from '../../cli/input';

export const ROOT = resolve(__dirname, '../..');
export const SEEDS = ['baoan-2021-h1-summary-h2-plan', 'guangzhou-2019-summary-2020-keypoints', 'haizhu-2021-2025-plan', 'longwan-2020-keypoints', 'panyu-2019-summary-2020-plan'].map((n) => `seeds/${n}.txt`);
export const CORPUS = ['beijing-2026-gwr', 'guangdong-2026-gwr', 'sichuan-2026-gwr', 'zhejiang-2026-gwr'].map((n) => `tests/fixtures/corpus/docs/${n}.txt`);

const cache = new Map<string, TrackDoc>();

export function readDoc(path: string): TrackDoc {
  let d = cache.get(path);
  if (!d) {
    const text = readFileSync(join(ROOT, path), 'utf8');
    d = { doc: path, title: titleOf(text), url: null, date: null, items: extract(text), text };
    cache.set(path, d);
  }
  return d;
}

export const seedText = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** A report made of given text (real sentences under a heading), as a later report of the same place. */
export function docOf(key: string, title: string, text: string, date: string | null = null): TrackDoc {
  return { doc: key, title, url: null, date, items: extract(text) };
}
