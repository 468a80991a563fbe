import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** A function longer than this hides its steps: split it into named ones. */
export const MAX_FUNCTION_LINES = 60;
const EXTRACT_DIR = join(__dirname, '../../lib/extract');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every function of a file (declarations, methods, arrows, expressions) with its length in lines. */
export function functionLengths(path: string, source = readFileSync(path, 'utf8')): { name: string; lines: number }[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const out: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionDeclaration).name?.getText(file) ?? `(anonymous at line ${first + 1})`;
      out.push({ name, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe('lib/extract stays readable', () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = sourceFiles(EXTRACT_DIR).flatMap((f) =>
      functionLengths(f).filter((fn) => fn.lines > MAX_FUNCTION_LINES).map((fn) => `${f.slice(EXTRACT_DIR.length + 1)}: ${fn.name} (${fn.lines} lines)`),
    );
    expect(long).toEqual([]);
  });

  it('measures a long function as long (the check can fail)', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const a${i} = ${i};`).join('\n');
    expect(functionLengths('x.ts', `function f() {\n${body}\n}`)).toEqual([{ name: 'f', lines: MAX_FUNCTION_LINES + 2 }]);
  });
});
