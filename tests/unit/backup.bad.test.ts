import { afterEach, describe, expect, it } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage } from '../../lib/messages/handler';
import { bytesToBase64, compressText, makeSnapshot, readSnapshotText } from '../../lib/evidence/snapshot';
import { makeBackup, parseBackup, readBackup } from '../../lib/evidence/backup';
import { MAX_FILE_CHARS, MAX_SNAPSHOT_TEXT_BYTES } from '../../lib/evidence/limits';
import { restoreBackup } from '../../lib/store/backup';
import type { Snapshot } from '../../lib/schema/snapshot';
import { annotation } from './store.fixtures';

const open: PledgemarkDB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function seeded() {
  const db = new PledgemarkDB(`bad-backup-${Math.random()}`);
  open.push(db);
  const repo = new AnnotationRepository(db);
  const snapshots = new SnapshotRepository(db);
  await repo.importMany([annotation(1), annotation(2)]);
  await snapshots.saveFromPage({ url: annotation(1).url, title: 't', text: '新增公办学位5370个', items: [] }, true);
  await repo.setSettings({ autoHighlight: false });
  const dump = async () => ({
    annotations: await db.annotations.orderBy('id').toArray(),
    snapshots: await db.snapshots.orderBy('[url+version]').toArray(),
    settings: await db.settings.orderBy('key').toArray(),
  });
  return { db, repo, deps: { repo, snapshots }, dump };
}

async function snapshot(url: string, text: string, version = 1): Promise<Snapshot> {
  return { ...(await makeSnapshot(url, 't', text, [], null, new Date('2026-01-01T00:00:00Z')))!, version };
}

/** A valid backup of one annotation and these snapshots, as file text. */
function backupOf(snaps: Snapshot[]): string {
  return JSON.stringify(makeBackup([annotation(9)], snaps, { autoHighlight: true }));
}

/** gzip of `bytes` zero bytes: a few KB that unpack to `bytes`. */
function zeros(bytes: number): string {
  return bytesToBase64(gzipSync(new Uint8Array(bytes), { level: 9 }));
}

describe('a decompression bomb is rejected whole, nothing changed', () => {
  it('a snapshot that unpacks past the per-snapshot cap: restore refuses it, the database is as it was', async () => {
    const { db, dump, deps } = await seeded();
    const before = await dump();
    const bomb = { ...(await snapshot(annotation(9).url, 'x')), textGz: zeros(MAX_SNAPSHOT_TEXT_BYTES + 4096) };
    const json = backupOf([bomb]);
    expect(json.length).toBeLessThan(200_000);
    await expect(restoreBackup(db, json)).rejects.toThrow(/Backup rejected, nothing was changed:.*unpacks to more than 32 MB/);
    const r = await handleMessage({ type: 'backup/restore', json }, deps);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('unpacks to more than') });
    expect(await dump()).toEqual(before);
  });

  it('snapshots that together unpack past the whole-backup cap are refused, and reading stops there', async () => {
    const { db, dump } = await seeded();
    const before = await dump();
    const url = annotation(9).url;
    const snaps = await Promise.all([1, 2, 3, 4].map((v) => snapshot(url, `${v}`.repeat(3000), v)));
    const caps = { snapshotBytes: 5000, backupBytes: 7000 };
    const parsed = await readBackup(backupOf(snaps), caps);
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('snapshots[2].textGz: the snapshots unpack to more than') });
    expect(parsed.ok || parsed.issues).toHaveLength(1); // snapshots[3] was never unpacked
    expect(parseBackup(backupOf(snaps), caps).ok).toBe(false);
    await expect(restoreBackup(db, backupOf(snaps), caps)).rejects.toThrow(/in all/);
    expect(await dump()).toEqual(before);
    // The same file within the caps restores.
    await expect(restoreBackup(db, backupOf(snaps), { snapshotBytes: 5000, backupBytes: 20_000 })).resolves.toMatchObject({ snapshots: 4 });
  });

  it('reading a stored bomb is capped too, and a cut-off gzip is corrupt, not a shorter text', () => {
    expect(() => readSnapshotText({ textGz: zeros(2_000_000) }, 1_000_000)).toThrow(/unpacks to more than/);
    const whole = compressText('新增公办学位5370个'.repeat(50));
    const bytes = Uint8Array.from(atob(whole), (c) => c.charCodeAt(0));
    expect(() => readSnapshotText({ textGz: bytesToBase64(bytes.subarray(0, bytes.length - 4)) })).toThrow(/gzip/);
    expect(() => readSnapshotText({ textGz: bytesToBase64(gzipSync(strToU8('ok')).subarray(0, 12)) })).toThrow(/gzip/);
  });
});

describe('a wrong hash is rejected whole, nothing changed', () => {
  it('a snapshot whose text does not match its hash', async () => {
    const { db, dump, deps } = await seeded();
    const before = await dump();
    const good = await snapshot(annotation(9).url, '新增公办学位5370个', 1);
    const forged = { ...(await snapshot(annotation(9).url, '新增公办学位9999个', 2)), hash: (await snapshot(annotation(9).url, '别的', 2)).hash };
    const json = backupOf([good, forged]);
    expect(parseBackup(json).ok).toBe(true); // the schema alone cannot tell
    await expect(restoreBackup(db, json)).rejects.toThrow(/snapshots\[1\]\.hash: does not match/);
    expect(await handleMessage({ type: 'backup/restore', json }, deps)).toMatchObject({ ok: false, error: expect.stringContaining('does not match') });
    expect(await dump()).toEqual(before);
    // With the right hash the same file restores.
    await expect(restoreBackup(db, backupOf([good]))).resolves.toMatchObject({ annotations: 1, snapshots: 1 });
  });
});

describe('import and restore state their size limit and refuse a larger file', () => {
  it('a file over MAX_FILE_CHARS is refused before it is parsed, with the limit in the message', async () => {
    const { dump, deps } = await seeded();
    const before = await dump();
    const huge = `{"x":"${'a'.repeat(MAX_FILE_CHARS)}"}`;
    const restore = await handleMessage({ type: 'backup/restore', json: huge }, deps);
    expect(restore).toMatchObject({ ok: false, error: expect.stringMatching(/backup file is over the 48 MB limit \(48\.0 MB\)\. Nothing was changed/) });
    const imported = await handleMessage({ type: 'import', json: huge }, deps);
    expect(imported).toMatchObject({ ok: false, error: expect.stringMatching(/import file is over the 48 MB limit \(48\.0 MB\)\. Nothing was changed/) });
    expect(await dump()).toEqual(before);
  });
});

describe('the limit the reader is told is the limit enforced', () => {
  it('the options page help names MAX_FILE_CHARS in MB, in both languages', async () => {
    const { t } = await import('../../lib/i18n');
    const mb = `${MAX_FILE_CHARS / 1024 / 1024} MB`;
    for (const lang of ['en', 'zh'] as const) expect(t('backupHelp', lang)).toContain(mb);
  });
});
