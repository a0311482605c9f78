/**
 * The fenced ```` ```accord ```` blocks of a markdown text, found by CommonMark's fence rule,
 * and the checks made on a block before its YAML is parsed (agreements.ts reads them).
 */
/** Each accord block of a markdown text: its first YAML line's number in the file (1-based) and its text. */
export interface AccordBlock {
  readonly fenceLine: number;
  readonly body: string;
  readonly closed: boolean;
}

/**
 * The ```` ```accord ```` (or `~~~accord`) fenced blocks of `markdown`, by CommonMark's fence
 * rule: an opening fence indented at most 3 spaces, info string starting with the word
 * `accord`, closed by a fence of the same character at least as long. Other fenced blocks are
 * skipped whole, so an example inside a ```` ```markdown ```` block is not read, and so are
 * HTML comments (`<!--` at a line's start to the line holding `-->`), which markdown hides.
 */
export function accordBlocks(lines: readonly string[]): AccordBlock[] {
  const out: AccordBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    // An HTML comment (CommonMark HTML block, type 2) runs to the line that holds `-->`: what
    // it holds is hidden, so a block "commented out" there is not read.
    if (/^ {0,3}<!--/.test(lines[i]!)) {
      while (i < lines.length && !lines[i]!.includes('-->')) i++;
      continue;
    }
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open || (open[2]![0] === '`' && open[3]!.includes('`'))) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    if (info.trim().split(/\s+/)[0]!.toLowerCase() === 'accord') {
      const body = lines.slice(i + 1, end).map((line) => line.replace(new RegExp(`^ {0,${indent.length}}`), ''));
      out.push({ fenceLine: i + 1, body: body.join('\n'), closed: end < lines.length });
    }
    i = end;
  }
  return out;
}

/** The deepest run of open `[`/`{` in `body`, outside quotes. */
export function flowDepth(body: string): number {
  let depth = 0;
  let deepest = 0;
  let quote = '';
  for (const ch of body) {
    if (quote) quote = ch === quote || ch === '\n' ? '' : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '#') quote = '\n'; // a comment runs to the end of its line
  }
  return deepest;
}

/** YAML's own messages, said the way a person editing the covenant can act on. */
export function yamlMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'a tab indents this line, and YAML indents with spaces only: replace the tab with spaces';
  if (code === 'DUPLICATE_KEY') return 'this key is written twice in the same place: keep one';
  if (code === 'MULTIPLE_DOCS') return '"---" starts a second YAML document: remove it, or start a new ```accord block';
  return `this is not YAML Accord can read (${message.split('\n')[0]!.replace(/\.$/, '')}): check the indentation and the brackets and quotes`;
}
