/**
 * Text from the data files (titles, names, reasons, file names in messages) made safe to draw
 * beside Accord's own words. The files come from teammates and pull requests, so their text
 * must not become markup on any surface that draws it:
 *
 * - **Icons.** Quick picks (label, description, detail), the status bar (text, and
 *   `setStatusBarMessage`), input box prompts and validation messages render `$(name)` and
 *   `$(name~spin)` as codicons. Tree labels and descriptions do not, nor do tooltips built
 *   with `MarkdownString.appendText` while `supportThemeIcons` is off (VS Code 1.100), but the
 *   escape is applied there too so one function fits every surface.
 * - **Links.** Notification messages (information, warning, error) turn `[label](command:…)`,
 *   `[label](https://…)` and `[label](file:…)` into links, and VS Code 1.100 opens them with
 *   `allowCommands: true`: a partner's title could run any command when clicked.
 * - **Bidirectional controls.** U+202A–U+202E (embeddings, overrides, PDF), U+2066–U+2069
 *   (isolates, PDI), and the marks U+200E, U+200F, U+061C. An override left open reverses
 *   Accord's own words drawn after the data ("due tomorrow · Sam"), and a stray PDI closes an
 *   isolate around the data early: Chromium (the workbench and webviews) lets a PDI in the
 *   text end a `<bdi>` element or `unicode-bidi: isolate` too.
 *
 * What it does: `$(` becomes `$` + U+200B ZERO WIDTH SPACE + `(`, and `](` becomes `]` + U+200B
 * + `(` (a `$` or `]` at the end and a `(` at the start get the same space, so the text cannot
 * form either syntax with the words around it). Explicit bidi controls that are matched inside
 * the text (LRE/RLE/LRO/RLO … PDF; LRI/RLI/FSI … PDI, per UAX #9 §3.3.2, within one paragraph)
 * are kept; each unmatched one is shown by its code point, e.g. `<U+202E>`, so it cannot act.
 * Then each paragraph (lines split by bidi class B: LF, CR, U+001C–U+001E, U+0085, U+2029)
 * that holds right-to-left letters or any bidi control is wrapped in FSI (U+2068) … PDI
 * (U+2069), so its direction is its own and the words around it keep theirs (rule X5c; the
 * workbench's Chromium honours these isolates). Other text is returned unchanged apart from
 * the escapes, so plain left-to-right titles stay exactly as typed.
 *
 * Idempotent: `safeText(safeText(t)) === safeText(t)`. Display only: never write its result
 * back into the data, nor use it as an input box's editable value. `undefined` (an optional
 * field) stays `undefined`.
 */
export function safeText(text: string): string;
export function safeText(text: string | undefined): string | undefined;
export function safeText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // Most text holds nothing to escape or isolate: returned as it is, without a look at each
  // character (a team's tree views draw thousands of titles).
  if (!ESCAPED_SIGNS.test(text) && !text.startsWith('(') && !BIDI_CONTROLS.test(text) && !RIGHT_TO_LEFT.test(text)) return text;
  const escaped = text
    .replace(/([$\]])(?=\()/g, (sign) => sign + ZWSP)
    .replace(/[$\]]$/, (sign) => sign + ZWSP)
    .replace(/^\(/, () => ZWSP + '(');
  return escaped
    .split(PARAGRAPH)
    .map((part, i) => (i % 2 === 1 ? part : isolateParagraph(part)))
    .join('');
}

/**
 * A template whose every `${value}` is text from data: each goes through {@link safeText},
 * while the literal parts (Accord's own words and icons such as `$(check)`) stay as written.
 * ``withData`Deleted “${micro.title}”.` `` Numbers are written as they are.
 */
export function withData(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += (typeof value === 'number' ? String(value) : safeText(value)) + strings[i + 1]!;
  });
  return out;
}

/** Every bidirectional formatting character: marks, embeddings, overrides, PDF, isolates, PDI. */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Bidi class B, the paragraph separators (captured, so split() keeps them). */
const PARAGRAPH = /([\n\r\u001C-\u001E\u0085\u2029])/;

/** The signs the icon and link escapes look at: `$` and `]`. */
const ESCAPED_SIGNS = /[$\]]/;

const ZWSP = '\u200B';
const FSI = '\u2068';
const PDI = '\u2069';
const PDF = '\u202C';
const EMBEDDING_INITIATORS = '\u202A\u202B\u202D\u202E';
const ISOLATE_INITIATORS = '\u2066\u2067\u2068';
const MARKS = '\u200E\u200F\u061C';

/**
 * Letters written right to left (bidi classes R and AL): Hebrew, Arabic, Syriac, Thaana, NKo,
 * Samaritan, Mandaic, their presentation forms, and the right-to-left blocks of the
 * supplementary planes. A few neutral signs in these blocks are included; they only make a
 * wrap that was not strictly needed.
 */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

function visible(control: string): string {
  return `<U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** One paragraph: unmatched controls shown, then wrapped in FSI … PDI when it needs it. */
function isolateParagraph(paragraph: string): string {
  if (!paragraph || (!BIDI_CONTROLS.test(paragraph) && !RIGHT_TO_LEFT.test(paragraph))) return paragraph;
  const chars = [...paragraph];
  const matched = new Set<number>();
  // The directional status stack of UAX #9 X1–X7, reduced to what pairs with what.
  const open: { index: number; isolate: boolean }[] = [];
  chars.forEach((char, index) => {
    if (EMBEDDING_INITIATORS.includes(char)) open.push({ index, isolate: false });
    else if (ISOLATE_INITIATORS.includes(char)) open.push({ index, isolate: true });
    else if (char === PDF) {
      // A PDF closes the latest embedding or override, never across an isolate (X7).
      const top = open[open.length - 1];
      if (top && !top.isolate) {
        open.pop();
        matched.add(top.index).add(index);
      }
    } else if (char === PDI) {
      // A PDI closes the latest isolate and every embedding opened inside it (X6a).
      let at = open.length - 1;
      while (at >= 0 && !open[at]!.isolate) at--;
      if (at >= 0) {
        matched.add(open[at]!.index).add(index);
        open.length = at;
      }
    }
  });
  let needsIsolate = false;
  const out = chars.map((char, index) => {
    if (MARKS.includes(char) || matched.has(index)) {
      needsIsolate = true;
      return char;
    }
    if (BIDI_CONTROLS.test(char)) return visible(char);
    if (RIGHT_TO_LEFT.test(char)) needsIsolate = true;
    return char;
  });
  const result = out.join('');
  if (!needsIsolate || isWrapped(chars, matched)) return result;
  return FSI + result + PDI;
}

/** Whether the paragraph already is one isolate: an FSI first, matched by the PDI last. */
function isWrapped(chars: readonly string[], matched: ReadonlySet<number>): boolean {
  if (chars[0] !== FSI || chars[chars.length - 1] !== PDI || !matched.has(0)) return false;
  // The FSI's partner is the last PDI only if no PDI before it closes the FSI first.
  let depth = 0;
  for (let i = 0; i < chars.length; i++) {
    if (!matched.has(i)) continue;
    if (ISOLATE_INITIATORS.includes(chars[i]!)) depth++;
    else if (chars[i] === PDI && --depth === 0) return i === chars.length - 1;
  }
  return false;
}
