/** Where the command line writes, and how: colour only on a terminal, never with NO_COLOR, data never as control codes. */
import { inspect } from 'node:util';

/** The styles the CLI uses. */
export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green';

/** A stream the CLI writes to: process.stdout and process.stderr, or a test's stand-in. */
export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** How much the person asked to hear: `quiet` prints only problems, `verbose` also says what was read. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/**
 * Whether to colour what goes to `stream`: only a terminal, and never when NO_COLOR is set to a
 * non-empty value (https://no-color.org).
 */
export function colourFor(stream: OutStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/**
 * `text` in `style` when `colour` is on; as it is otherwise. The SGR codes are Node's own
 * (util.inspect.colors): util.styleText would decide by itself from process.stdout on newer
 * Node versions, whatever stream the text goes to.
 */
export function paint(colour: boolean, style: Style, text: string): string {
  if (!colour) return text;
  const [open, close] = inspect.colors[style]!;
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

// C0 and C1 controls (an escape would restyle or move the terminal's cursor) and bidi controls (they reorder what is shown).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the data files made safe for a terminal: every control character and bidi control
 * written as a visible `\u{…}` escape, so a hostile file cannot send escape sequences to the
 * reader's terminal or reorder a line.
 */
export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
