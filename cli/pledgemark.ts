/**
 * pledgemark — the command line: `extract` items from report files as json/table/csv/md, or print a
 * readable `summary` of a folder of reports. Run with `npm run --silent pledgemark -- …` or `npx tsx cli/pledgemark.ts …`.
 *
 * stdout carries only the requested output; every message goes to stderr.
 * Exit status: 0 success, 1 the extractor failed on an input (a bug), 2 usage error or an unreadable/invalid input
 * (the other inputs are still processed).
 */
import { extract } from '../lib/extract/index';
import type { Item } from '../lib/schema/item';
import { pickLang } from '../lib/i18n';
import { ANSI, FORMATS, PLAIN, formatCsv, formatExplain, formatJson, formatMarkdown, formatSummary, formatTable, type Format, type Report } from './format';
import { InputError, expandInputs, readArticle } from './input';
import { formatLinks, trackDocOf } from './links';
import { linkTargets } from '../lib/track/link';

export const HELP = `pledgemark — find the targets, reported figures and commitments in Chinese government reports

Usage:
  pledgemark extract FILE... [--format json|table|csv|md] [--explain] [--encoding LABEL]
  pledgemark summary DIR|FILE... [--encoding LABEL]
  pledgemark links FILE... [--format json|table|csv|md] [--today YYYY-MM-DD] [--encoding LABEL]
  pledgemark --help

Commands:
  extract   Extract items from each FILE (UTF-8 text; "-" reads stdin; .html/.htm or text
            starting with "<" is read as an HTML page). Formats:
              table  (default) per report: a header, the targets (metric, value, unit,
                     comparator, deadline, strength), then counts of reported and commitments
              json   one file: {"items":[...]}; several: {"reports":[{"file","items"}]}
              csv    one row per item, UTF-8 with BOM, RFC 4180 quoting
              md     a Markdown report per file
  summary   For each report (directories are expanded to their .txt/.html files): its title,
            counts by kind and its targets; then a total line.
  links     The promise tracker over files: every target of every FILE with the reported
            figures (of any FILE of the same place) that measure the same metric, and its
            status: met, exceeded, missed, partly, no-figure, pending or overdue. Formats:
              table  (default) per report, one row per target
              json   {"links":[{"doc","target":{"start","end","metric",…},
                     "figures":[{"doc","start","end","value","period",…}],"status",…}]}
              csv    one row per target and linked figure, UTF-8 with BOM
              md     per target its status, quote and linked figures

Options:
  -f, --format FORMAT   output format of extract (json, table, csv, md)
  -x, --explain         extract prints one line per item instead: its offset, text and why it
                        was found (kind: rule「word」 · heading · where the deadline came from),
                        in Chinese when LANG is zh_*, else in English
  -t, --today DATE      links: the date deadlines are measured against (YYYY-MM-DD;
                        default: today)
  -e, --encoding LABEL  decode inputs with this encoding instead of UTF-8 (e.g. gb18030)
  -h, --help            show this help

Exit status: 0 success; 1 the extractor failed on an input; 2 usage error, or an input could
not be read (named on stderr; the other inputs are still processed).
`;

interface Options {
  command: 'extract' | 'summary' | 'links' | 'help';
  format: Format;
  explain: boolean;
  encoding?: string;
  today?: string;
  files: string[];
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { command: 'help', format: 'table', explain: false, files: [] };
  let command: string | undefined;
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!onlyFiles && a === '--') {
      onlyFiles = true;
      continue;
    }
    if (!onlyFiles && a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const takeValue = (): string => {
        if (eq > 0) return a.slice(eq + 1);
        const v = argv[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        return v;
      };
      if (name === '-h' || name === '--help') return { ...opts, command: 'help' };
      else if (name === '-f' || name === '--format') {
        const v = takeValue();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}" (use ${FORMATS.join(', ')})`);
        opts.format = v as Format;
      } else if (name === '-x' || name === '--explain') opts.explain = true;
      else if (name === '-e' || name === '--encoding') opts.encoding = takeValue();
      else if (name === '-t' || name === '--today') {
        const v = takeValue();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new UsageError(`--today needs a date as YYYY-MM-DD, not "${v}"`);
        opts.today = v;
      }
      else throw new UsageError(`unknown option ${a}`);
      continue;
    }
    if (command === undefined) command = a;
    else opts.files.push(a);
  }
  if (command === undefined || command === 'help') return { ...opts, command: 'help' };
  if (command !== 'extract' && command !== 'summary' && command !== 'links') throw new UsageError(`unknown command "${command}"`);
  opts.command = command;
  if (!opts.files.length) throw new UsageError(`${command} needs at least one ${command === 'summary' ? 'DIR or FILE' : 'FILE (or - for stdin)'}`);
  return opts;
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`pledgemark: ${err.message}\nTry 'pledgemark --help'.\n`);
    return 2;
  }
  if (opts.command === 'help') {
    io.out(HELP);
    return 0;
  }

  let status = 0;
  const fail = (msg: string, code: number) => {
    io.err(`pledgemark: ${msg}\n`);
    status = Math.max(status, code);
  };

  let files = opts.files;
  if (opts.command === 'summary') {
    const expanded = await expandInputs(opts.files);
    for (const e of expanded.errors) fail(e, 2);
    files = expanded.files;
  }

  const reports: Report[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    let article;
    try {
      article = await readArticle(file, opts.encoding);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      fail(err.message, 2);
      continue;
    }
    let items: Item[];
    try {
      items = extract(article.text);
    } catch (err) {
      fail(`${file}: the extractor failed: ${(err as Error)?.stack ?? err}`, 1);
      continue;
    }
    reports.push({ file, title: article.title, bytes: article.bytes, items, notReport: !article.isReport || undefined });
    if (opts.command === 'links') texts.set(file, article.text);
  }

  const style = io.isTTY && !process.env.NO_COLOR ? ANSI : PLAIN;
  if (opts.command === 'links') {
    const docs = reports.map((r) => trackDocOf({ file: r.file, title: r.title, text: texts.get(r.file) ?? '', items: r.items }));
    const links = linkTargets(docs, { today: opts.today ?? new Date().toISOString().slice(0, 10) });
    io.out(formatLinks(links, opts.format, style));
  } else if (opts.command === 'summary') {
    io.out(formatSummary(reports, style));
  } else if (reports.length) {
    const several = files.length > 1;
    if (opts.explain) io.out(formatExplain(reports, pickLang(process.env.LC_ALL || process.env.LANG)));
    else switch (opts.format) {
      case 'json': io.out(formatJson(reports, several)); break;
      case 'csv': io.out(formatCsv(reports)); break;
      case 'md': io.out(formatMarkdown(reports)); break;
      case 'table': io.out(formatTable(reports, style)); break;
    }
  }
  return status;
}

const isMain = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  return /pledgemark\.(ts|js|mjs)$/.test(entry) && import.meta.url.endsWith(entry.replace(/\\/g, '/').split('/').pop()!);
})();

if (isMain) {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); // reader went away (| head): not an error
    throw err;
  });
  main(process.argv.slice(2), {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`pledgemark: unexpected error: ${(err as Error)?.stack ?? err}\n`);
      process.exitCode = 1;
    },
  );
}
