/**
 * Text from the data files made safe inside the documents Accord writes for people to read
 * outside the editor: markdown (a pull request, a chat message, a wiki page: the session summary
 * and `accord digest`) and HTML (`accord digest --format html`). The files come from teammates
 * and pull requests, so a name or a note must read as text there and never become a link, an
 * image, a heading, a mention or markup, nor reorder the words around it.
 */
import { safeText } from './safeText';

const ZWSP = '\u200B';

/** Line breaks of every kind (CR, LF, NEL, the Unicode line and paragraph separators, and U+001C–U+001E, which bidi reads as paragraph ends) and tabs. */
const BREAKS = /\r\n|[\t\n\v\f\r\u001c-\u001e\u0085\u2028\u2029]/g;
/** The other C0 and C1 controls and DEL: no document shows them, and a terminal reading the file would act on them. */
const CONTROLS = /[\u0000-\u0008\u000e-\u001b\u001f\u007f-\u009f]/g;

function visible(control: string): string {
  return `<U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * One line of data text for a document: line breaks and tabs folded to single spaces, every other
 * control character shown by its code point (`<U+0007>`), then made bidi-safe by {@link safeText}
 * (an unmatched override or isolate shown as `<U+202E>`, right-to-left text isolated in FSI … PDI
 * so Accord's words around it keep their order). The result is plain text: escape it for the
 * document's language ({@link escapeMarkdown}, {@link escapeHtml}), which both do.
 */
export function documentLine(text: string): string {
  return safeText(text.replace(BREAKS, ' ').replace(CONTROLS, visible).replace(/ {2,}/g, ' ').trim());
}

/**
 * Data text as one line of inert markdown (CommonMark with GitHub's extensions, and the chat
 * tools that read markdown): {@link documentLine}, then
 * - every character with a meaning in markdown or HTML is backslash-escaped: `\ ` * _ [ ] < > | ~ # & ! $`
 *   (so no emphasis, code, link, image, HTML tag, entity, table cell, strike-through or math);
 * - a line that would start a block (`-`, `+`, `=`, `1.`, `1)`) has that marker escaped;
 * - a zero-width space goes after `@` (mentions such as `@everyone` and e-mail links), inside
 *   `://` and `www.` (bare links, which GitHub and chat tools link by themselves) and after a `#`
 *   before a digit (GitHub links `#12` to an issue even when escaped).
 * Throws nothing; the empty string stays empty.
 */
export function escapeMarkdown(text: string): string {
  return documentLine(text)
    .replace(/[\\`*_[\]<>|~#&!$]/g, (c) => `\\${c}`)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`)
    .replace(/#(?=\d)/g, `#${ZWSP}`);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Data text as one line of HTML text, safe in element content and in a quoted attribute value:
 * {@link documentLine}, then `& < > " '` written as character references (the five that HTML's
 * tokenizer reads as markup or as the end of an attribute; WHATWG HTML §13.1.2, §13.2.5).
 */
export function escapeHtml(text: string): string {
  return htmlCharacters(documentLine(text));
}

/** `& < > " '` written as character references, and nothing else changed: for Accord's own words, which need no folding or bidi care. */
export function htmlCharacters(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar day (`YYYY-MM-DD`) in words, "Mon 24 Nov 2026", the same on every machine; the text as given when it is not a day. */
export function longDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** A calendar day in words without its year, "Mon 24 Nov", for lines under a heading that gives the year. */
export function shortDay(day: string): string {
  const long = longDay(day);
  return long === day ? day : long.slice(0, long.lastIndexOf(' '));
}
