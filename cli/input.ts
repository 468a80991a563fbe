/**
 * Reading the CLI's inputs: files or stdin, strict UTF-8 (or another encoding when asked), HTML
 * pages through lib/article/html.ts when that module exists, and a human title for each report.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** An input that cannot be used: the message names the file and says why, on one line. */
export class InputError extends Error {}

export interface Article {
  title: string;
  /** The text `extract` runs on; item offsets refer to it. */
  text: string;
  isReport: boolean;
  bytes: number;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function describeFsError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'no such file' :
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
    code === 'EISDIR' ? 'is a directory' :
    (err as Error)?.message ?? String(err);
  return `${file}: cannot read: ${why}`;
}

/**
 * Decodes bytes strictly: invalid input is an error naming the first bad byte, never silent U+FFFD.
 * Without an explicit encoding, UTF-8 is assumed unless a UTF-16 byte order mark says otherwise
 * (Windows "Unicode" text files).
 */
export function decode(file: string, buf: Uint8Array, encoding?: string): string {
  if (encoding === undefined) {
    encoding = buf[0] === 0xff && buf[1] === 0xfe ? 'utf-16le' : buf[0] === 0xfe && buf[1] === 0xff ? 'utf-16be' : 'utf-8';
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new InputError(`unknown encoding "${encoding}"`);
  }
  try {
    return decoder.decode(buf);
  } catch {
    let at = -1;
    if (/^utf-?8$/i.test(encoding)) {
      // Find the first undecodable byte for the message.
      const lax = new TextDecoder('utf-8').decode(buf);
      const i = lax.indexOf('\uFFFD');
      if (i >= 0) at = Buffer.byteLength(lax.slice(0, i), 'utf8');
    }
    const where = at >= 0 ? ` at byte ${at}` : '';
    const binary = buf.subarray(0, 8192).includes(0);
    const hint = binary ? ' (a binary file?)' : /^utf-?8$/i.test(encoding) ? ' (if it is GBK/GB2312, pass --encoding gb18030)' : '';
    throw new InputError(`${file}: not valid ${encoding}${where}${hint}`);
  }
}

const NAV_LINE = /^(栏目索引|相关内容|您当前所在的位置|当前位置|首页\s*[>＞]|发布日期|来源[:：]|分享到|浏览量|字号|打印|关闭)/;

/**
 * A title for a plain-text report: its first meaningful line (site navigation residue such as
 * 「栏目索引」「您当前所在的位置」 skipped), joined with a next line that continues it (及/和/暨…).
 */
export function titleOf(text: string): string {
  const lines = text.slice(0, 20_000).split(/\r\n|\r|\n/).map((l) => l.trim());
  for (let i = 0; i < lines.length && i < 200; i++) {
    const line = lines[i];
    if (!line || NAV_LINE.test(line) || line.length < 3) continue;
    const next = lines[i + 1] ?? '';
    return (/^(及|和|暨|与|之|关于)/.test(next) && next.length < 40 ? line + next : line).slice(0, 300);
  }
  return '';
}

export function looksLikeHtml(file: string, text: string): boolean {
  return /\.x?html?$/i.test(file) || /^\s*</.test(text.slice(0, 1000));
}

type HtmlModule = { articleFromHtml(html: string): { title: string; text: string; isReport: boolean } };
let htmlModule: Promise<HtmlModule | null> | undefined;

/** lib/article/html.ts, loaded on first HTML input only (keeps startup lean), or null while it does not exist. */
function loadHtmlModule(): Promise<HtmlModule | null> {
  htmlModule ??= (async () => {
    const url = new URL('../lib/article/html.ts', import.meta.url);
    try {
      await stat(url);
    } catch {
      return null;
    }
    const mod = (await import(url.href)) as Partial<HtmlModule>;
    return typeof mod.articleFromHtml === 'function' ? (mod as HtmlModule) : null;
  })();
  return htmlModule;
}

/** Reads one input (a path, or `-` for stdin) into the text to extract from. Throws InputError. */
export async function readArticle(file: string, encoding?: string): Promise<Article> {
  let buf: Buffer;
  try {
    buf = file === '-' ? await readStdin() : await readFile(file);
  } catch (err) {
    throw new InputError(describeFsError(file, err));
  }
  const raw = decode(file, buf, encoding);
  if (looksLikeHtml(file, raw)) {
    const mod = await loadHtmlModule();
    if (!mod) throw new InputError(`${file}: HTML input is not supported yet (lib/article/html.ts is not built); save the page as text`);
    let article: { title: string; text: string; isReport: boolean };
    try {
      article = mod.articleFromHtml(raw);
    } catch (err) {
      throw new InputError(`${file}: cannot read the HTML: ${(err as Error)?.message ?? err}`);
    }
    return { title: article.title || titleOf(article.text), text: article.text, isReport: article.isReport, bytes: buf.length };
  }
  return { title: titleOf(raw), text: raw, isReport: true, bytes: buf.length };
}

const REPORT_FILE = /\.(txt|html?|xhtml)$/i;

/** Expands directories (not recursively) to the report files they hold (.txt, .html, .htm), sorted by name. */
export async function expandInputs(args: readonly string[]): Promise<{ files: string[]; errors: string[] }> {
  const files: string[] = [];
  const errors: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      files.push(arg);
      continue;
    }
    let isDir = false;
    try {
      isDir = (await stat(arg)).isDirectory();
    } catch {
      files.push(arg); // reported as unreadable when read, in order
      continue;
    }
    if (!isDir) {
      files.push(arg);
      continue;
    }
    try {
      const names = (await readdir(arg, { withFileTypes: true }))
        .filter((d) => d.isFile() && REPORT_FILE.test(d.name))
        .map((d) => d.name)
        .sort();
      if (!names.length) errors.push(`${arg}: no .txt or .html files in this directory`);
      files.push(...names.map((n) => join(arg, n)));
    } catch (err) {
      errors.push(describeFsError(arg, err));
    }
  }
  return { files, errors };
}
