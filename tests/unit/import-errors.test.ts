import { describe, expect, it } from 'vitest';
import { explainImportError } from '../../lib/export/import-errors';
import { parseImport, toJsonExport } from '../../lib/export';
import { annotations } from './store.fixtures';

/** The technical message parseImport gives for a file bent by `bend`. */
function rejection(bend: (file: any) => void): string {
  const file = JSON.parse(toJsonExport(annotations(12)));
  bend(file);
  try {
    parseImport(JSON.stringify(file));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('import errors in words', () => {
  it('names the annotation and the field, in zh and en, and keeps the technical path as detail', () => {
    const technical = rejection((f) => (f.first.items[9].target.selector[1].start = 'x'));
    expect(explainImportError(technical, 'en')).toEqual({ summary: 'Annotation 10: its position in the page is not a number.', detail: technical });
    expect(explainImportError(technical, 'zh').summary).toBe('第 10 条标注的页面位置不是数字。');
    expect(technical).toContain('first.items[9].target.selector[1].start');
  });
  it('tells a missing quote, a bad address, a cut-short file and a file that is not JSON', () => {
    expect(explainImportError(rejection((f) => delete f.first.items[3].target.selector[0].exact), 'en').summary).toBe('Annotation 4: its quoted text is missing.');
    expect(explainImportError(rejection((f) => (f.first.items[0].target.source = 'javascript:alert(1)')), 'zh').summary).toBe('第 1 条标注的网页地址不是 http 或 https 地址。');
    expect(explainImportError(rejection((f) => f.first.items.pop()), 'en').summary).toBe('The file: its count at the top of the file does not match the annotations in it (is the file cut short?).');
    let notJson = '';
    try { parseImport('{"annotations": [{"id": 1'); } catch (e) { notJson = (e as Error).message; }
    expect(explainImportError(notJson, 'zh').summary).toContain('不是有效的 JSON');
  });
});
