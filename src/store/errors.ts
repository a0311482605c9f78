/** Problems with a data file, told so a person can fix them: which file, where, why, and how. */

export type FileProblem = 'not-json' | 'schema' | 'too-large' | 'conflict' | 'newer-schema' | 'unreadable';

export class AccordFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: FileProblem,
    readonly reason: string,
    readonly fix: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${reason} ${fix}`);
    this.name = 'AccordFileError';
  }
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The line where a JSON path (object keys from the root) starts, found by walking the keys in order. */
export function lineOfPath(text: string, path: readonly string[]): number | undefined {
  let offset = -1;
  let from = 0;
  for (const key of path) {
    const found = text.indexOf(`${JSON.stringify(key)}:`, from);
    if (found < 0) break;
    offset = found;
    from = found + 1;
  }
  return offset < 0 ? undefined : positionAt(text, offset).line;
}

/** The offset V8 reports for a JSON syntax error ("… at position 42" or "(line 3 column 5)"). */
export function syntaxErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return positionAt(text, Number(pos[1]));
  if (/Unexpected end of JSON input/.test(message)) return positionAt(text, text.length);
  return undefined;
}
