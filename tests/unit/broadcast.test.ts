import { describe, expect, it } from 'vitest';
import { broadcastChanged, changedUrl } from '../../lib/messages/broadcast';

describe('telling the tabs that the saved notes changed', () => {
  it('names the page of a save, an edit, an undo and a delete; any page for an import or restore; nothing for a read', () => {
    expect(changedUrl('annotation/save', { url: 'https://a.gov.cn/x' })).toEqual({ url: 'https://a.gov.cn/x' });
    expect(changedUrl('annotation/update', { url: 'https://a.gov.cn/x', note: 'secret' })).toEqual({ url: 'https://a.gov.cn/x' });
    expect(changedUrl('annotation/undoDelete', { url: 'https://a.gov.cn/y' })).toEqual({ url: 'https://a.gov.cn/y' });
    expect(changedUrl('annotation/delete', { deleted: true }, 'https://a.gov.cn/z')).toEqual({ url: 'https://a.gov.cn/z' });
    expect(changedUrl('annotation/delete', { deleted: false }, 'https://a.gov.cn/z')).toBeNull();
    expect(changedUrl('import', { added: 1 })).toEqual({});
    expect(changedUrl('backup/restore', {})).toEqual({});
    expect(changedUrl('annotation/forPage', [])).toBeNull();
    expect(changedUrl('settings/set', {})).toBeNull();
  });

  it('sends only the type and the URL to every tab but the one that saved, and survives tabs that refuse', async () => {
    const sent: [number, unknown][] = [];
    const browser = {
      tabs: {
        query: async () => [{ id: 1 }, { id: 2 }, { id: 3 }, {}],
        sendMessage: async (id: number, m: unknown) => {
          sent.push([id, m]);
          if (id === 3) throw new Error('Could not establish connection');
        },
      },
    } as never;
    await broadcastChanged(browser, { url: 'https://a.gov.cn/x' }, 2);
    expect(sent).toEqual([
      [1, { type: 'annotations/changed', url: 'https://a.gov.cn/x' }],
      [3, { type: 'annotations/changed', url: 'https://a.gov.cn/x' }],
    ]);
  });
});
