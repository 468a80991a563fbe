// @vitest-environment happy-dom
/** The reader's side of "nothing lost by a mistake": Undo after a delete, the versions setting, what a restore replaced, file limits. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInto } from '../helpers/mount';
import { AllSaved } from '../../components/popup/AllSaved';
import { UNDO_SHOW_MS, useUndoDelete } from '../../components/popup/UndoDelete';
import { OptionsApp, type OptionsApi } from '../../components/options/OptionsApp';
import { PledgemarkDB } from '../../lib/store/db';
import { AnnotationRepository } from '../../lib/store/repository';
import { SnapshotRepository } from '../../lib/store/snapshots';
import { handleMessage } from '../../lib/messages/handler';
import { sendMessage } from '../../lib/messages/client';
import { makeBackup } from '../../lib/evidence/backup';
import { MAX_FILE_CHARS, readLimited } from '../../lib/evidence/limits';
import type { ExportFile } from '../../lib/export';
import type { PopupApi } from '../../components/popup/api';
import type { Request } from '../../lib/messages/protocol';
import { t } from '../../lib/i18n';
import { annotation } from './store.fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const db = new PledgemarkDB(`mistakes-ui-${Math.random()}`);
  const repo = new AnnotationRepository(db);
  const deps = { repo, snapshots: new SnapshotRepository(db) };
  const downloads: ExportFile[] = [];
  const api = {
    send: ((req: Request) => sendMessage(req, (m) => handleMessage(m, deps))) as PopupApi['send'],
    requestHostPermission: vi.fn(async () => true),
    download: (f: ExportFile) => void downloads.push(f),
    toTab: vi.fn(),
    activeTab: async () => null,
    inject: vi.fn(),
  } as unknown as PopupApi & OptionsApi;
  cleanups.push(() => db.close());
  return { db, repo, api, downloads };
}

const mount = (vnode: preact.ComponentChild): HTMLElement => mountInto(cleanups, vnode);

const q = (root: ParentNode, id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const qa = (root: ParentNode, id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];

function chooseFile(input: HTMLElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('popup: Undo after delete', () => {
  it('brings the note back exactly, and the row returns', async () => {
    const { repo, api, db } = setup();
    const a = annotation(1, { note: '线人：张三', tags: ['敏感'] });
    await repo.importMany([a, annotation(2)]);
    const stored = await db.annotations.get(a.id);
    const root = mount(<AllSaved api={api} debounceMs={0} />);
    await vi.waitFor(() => expect(qa(root, 'saved-row')).toHaveLength(2));
    const row = qa(root, 'saved-row').find((r) => r.dataset.id === a.id)!;
    q(row, 'delete-saved')!.click();
    await vi.waitFor(() => expect(q(row, 'delete-saved')?.textContent).toBe('Delete?'));
    q(row, 'delete-saved')!.click();
    await vi.waitFor(() => expect(qa(root, 'saved-row')).toHaveLength(1));
    expect(await repo.get(a.id)).toBeUndefined();
    await vi.waitFor(() => expect(q(root, 'undo-bar')?.textContent).toContain(t('deleted')));
    q(root, 'undo-delete')!.click();
    await vi.waitFor(() => expect(qa(root, 'saved-row')).toHaveLength(2));
    expect(await db.annotations.get(a.id)).toEqual(stored);
    expect(q(root, 'undo-bar')).toBeNull();
  });

  it('the offer goes after its time', async () => {
    const { api } = setup();
    let offer: ((a: ReturnType<typeof annotation>) => void) | null = null;
    function Probe() {
      const undo = useUndoDelete(api, () => {}, 400);
      offer = undo.deleted;
      return <div>{undo.bar}</div>;
    }
    const root = mount(<Probe />);
    offer!(annotation(1));
    await vi.waitFor(() => expect(q(root, "undo-delete")).not.toBeNull(), { interval: 10 });
    await vi.waitFor(() => expect(q(root, 'undo-bar')).toBeNull());
    expect(UNDO_SHOW_MS).toBe(10_000);
  });
});

describe('options: versions kept, what a restore replaced, file limits', () => {
  it('shows the versions-per-page setting and saves a change', async () => {
    const { repo, api } = setup();
    const root = mount(<OptionsApp api={api} />);
    await vi.waitFor(() => expect((q(root, 'max-versions') as HTMLInputElement | null)?.value).toBe('10'));
    const input = q(root, 'max-versions') as HTMLInputElement;
    input.value = '4';
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(async () => expect((await repo.getSettings()).maxVersionsPerPage).toBe(4));
  });

  it('after a restore, the page says what it replaced was kept, and offers it for download', async () => {
    const { repo, api, downloads } = setup();
    await repo.importMany([annotation(1, { note: '原来的' })]);
    const root = mount(<OptionsApp api={api} />);
    await vi.waitFor(() => expect(q(root, 'backup-previous')).not.toBeNull());
    q(root, 'backup-previous')!.click();
    await vi.waitFor(() => expect(q(root, 'backup-message')?.textContent).toBe(t('noPrevious')));
    chooseFile(q(root, 'backup-file')!, new File([JSON.stringify(makeBackup([annotation(5)], [], {}))], 'b.json'));
    await vi.waitFor(() => expect(q(root, 'backup-confirm')).not.toBeNull());
    q(root, 'backup-confirm')!.click();
    await vi.waitFor(() => expect(q(root, 'backup-message')?.textContent).toContain(t('backupBeforeKept')));
    q(root, 'backup-previous')!.click();
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0].content).toContain('原来的');
  });

  it('a file over the limit is refused before it is sent, with the limit named', async () => {
    expect(await readLimited({ size: 3 * MAX_FILE_CHARS + 1, text: async () => { throw new Error('read'); } })).toBeNull();
    expect(await readLimited({ size: 10, text: async () => 'x'.repeat(MAX_FILE_CHARS + 1) })).toBeNull();
    expect(await readLimited({ size: 2, text: async () => '{}' })).toBe('{}');
    const { api } = setup();
    const send = vi.spyOn(api, 'send');
    const root = mount(<OptionsApp api={api} />);
    await vi.waitFor(() => expect(q(root, 'backup-file')).not.toBeNull());
    const huge = new File(['x'], 'huge.json');
    Object.defineProperty(huge, 'size', { value: 3 * MAX_FILE_CHARS + 1 });
    chooseFile(q(root, 'backup-file')!, huge);
    await vi.waitFor(() => expect(q(root, 'backup-message')?.textContent).toBe(t('fileTooLarge')));
    expect(t('fileTooLarge')).toContain('48 MB');
    expect(send.mock.calls.some(([r]) => r.type === 'backup/restore')).toBe(false);
    expect(q(root, 'backup-confirm')).toBeNull();
  });
});
