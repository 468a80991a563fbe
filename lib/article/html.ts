/**
 * Node-side entry (imports linkedom): an HTML page → the article's title and the text the extractor sees,
 * exactly as the content script computes it in the browser (same detect.ts and text.ts).
 */
import { parseHTML } from 'linkedom';
import { detectReport } from './detect';
import { articleText } from './text';

export interface ArticleFromHtml {
  title: string;
  /** The article text (of the detected container; of <body> when no container was found). */
  text: string;
  isReport: boolean;
  /** Why detect decided so. */
  reason: string;
}

export function articleFromHtml(html: string): ArticleFromHtml {
  if (typeof html !== 'string') throw new TypeError('articleFromHtml: expected an HTML string');
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  const det = detectReport(doc);
  const root = det.container ?? doc.body ?? doc.documentElement;
  const text = root ? articleText(root).text : '';
  return { title: det.title, text, isReport: det.isReport, reason: det.reason };
}
