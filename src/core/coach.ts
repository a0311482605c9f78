/**
 * The feedback coach: spots words that judge a person or generalize from one moment, and
 * suggests observable phrasing. It never blocks: feedback is the giver's to send.
 *
 * Every rule lives in COACH_RULES below; add a word there and it is coached everywhere.
 */

export type CoachRuleKind =
  /** Generalizes from one moment to all of them ("always", "never"). */
  | 'absolute'
  /** Labels the person rather than describing what they did ("lazy", "careless"). */
  | 'judgment'
  /** Describes who someone is ("you are …") instead of what happened. */
  | 'identity'
  /** Guesses at intent or feelings the giver cannot observe ("you don't care"). */
  | 'mindReading';

/** A rule that spots words in text: the coach's, and the practice answers' (practiceScore.ts). */
export interface TextRule<Kind extends string = string> {
  readonly id: string;
  readonly kind: Kind;
  /**
   * Matched case-insensitively on word boundaries against the text as `coachText` normalises
   * it (so written with the ASCII `'` and `"` only); no `g` flag.
   */
  readonly pattern: RegExp;
  /** One short line: what to write instead. */
  readonly suggestion: string;
}

export type CoachRule = TextRule<CoachRuleKind>;

const describeOnce = 'Name the specific time it happened, e.g. "in Tuesday\'s review".';
const describeAction = 'Describe what you saw or heard, e.g. "the PR went in without tests".';

/**
 * The one table of coaching rules. Patterns are written to skip common technical phrases
 * ("lazy loading", "never type") so the coach does not nag about code.
 */
export const COACH_RULES: readonly CoachRule[] = [
  { id: 'always', kind: 'absolute', pattern: /\balways\b/i, suggestion: describeOnce },
  { id: 'never', kind: 'absolute', pattern: /\bnever\b(?!\s+type\b)/i, suggestion: 'Name the occasion you have in mind, e.g. "the last two stand-ups".' },
  { id: 'every-time', kind: 'absolute', pattern: /\bevery\s+(?:single\s+)?time\b/i, suggestion: describeOnce },
  { id: 'all-the-time', kind: 'absolute', pattern: /\ball\s+the\s+time\b/i, suggestion: 'Count it instead, e.g. "three times this week".' },
  { id: 'constantly', kind: 'absolute', pattern: /\b(?:constantly|continually|forever)\b/i, suggestion: 'Count it instead, e.g. "three times this week".' },
  {
    id: 'nobody-everyone',
    kind: 'absolute',
    pattern: /\b(?:nobody|no\s+one|everyone|everybody)\b/i,
    suggestion: 'Speak for yourself: "I noticed…", "I was waiting…".',
  },
  {
    id: 'lazy',
    kind: 'judgment',
    pattern: /\blazy\b(?!\s+(?:load|loading|loaded|evaluation|init|initiali[sz]ation|import|imports|fetch)\b)/i,
    suggestion: describeAction,
  },
  {
    id: 'careless',
    kind: 'judgment',
    pattern: /\b(?:careless|sloppy|negligent|reckless|amateur(?:ish)?)\b/i,
    suggestion: 'Describe the result, e.g. "two review comments were missed".',
  },
  {
    id: 'garbage',
    kind: 'judgment',
    // Not "garbage collection": a runtime's, not a person's.
    pattern: /\b(?:garbage(?!\s+collect)|trash|junk|rubbish|crap(?:py)?)\b/i,
    suggestion: 'Say what did not work, e.g. "the build failed on two tests after the merge".',
  },
  {
    id: 'grow-up',
    kind: 'judgment',
    pattern: /\b(?:act\s+like\s+an?\s+(?:adult|grown-?up|professional)|grow\s+up)\b/i,
    suggestion: 'Describe what happened and what you would like instead.',
  },
  { id: 'incompetent', kind: 'judgment', pattern: /\b(?:incompetent|stupid|dumb|useless|hopeless|clueless|pathetic)\b/i, suggestion: describeAction },
  {
    id: 'unreliable',
    kind: 'judgment',
    pattern: /\b(?:unreliable|irresponsible|unprofessional|undisciplined)\b/i,
    suggestion: 'Name the commitment and what happened, e.g. "the demo was not ready on Friday".',
  },
  {
    id: 'rude',
    kind: 'judgment',
    pattern: /\b(?:rude|selfish|arrogant|disrespectful|dismissive|hostile|aggressive)\b/i,
    suggestion: 'Quote or describe the words or action, and say how it landed for you.',
  },
  {
    id: 'terrible',
    kind: 'judgment',
    pattern: /\b(?:terrible|awful|horrible|a\s+mess|disaster)\b/i,
    suggestion: 'Say what exactly did not work, and its effect.',
  },
  { id: 'should-have', kind: 'judgment', pattern: /\bshould(?:\s+have|'ve|\s+of)\b/i, suggestion: 'Turn it into a request for next time: "Could you…?"' },
  {
    id: 'you-are',
    kind: 'identity',
    pattern:
      // "when you are done", "let me know once you're free": a moment, not a label.
      /(?<!\b(?:when|once|until|till|while|whenever|before|after)\s+)\byou(?:\s+are|'re|\s+r)\s+(?!(?:welcome|right|correct|going|doing|working|planning|on|in|at|here|there|back|up|free|able|not|now|one|two|both|still|also|already|ready|aware|sure|done|finished|available)\b)\w+/i,
    suggestion: 'Describe what you observed rather than who they are: "you did…", "I saw…".',
  },
  {
    id: 'you-so',
    kind: 'identity',
    // Not "thank you so much" nor "see you so far": thanks are no label.
    pattern: /\byou(?:'re)?\s+(?:just\s+)?(?:such\s+an?|so(?!\s+(?:much|many|far)\b))\s+\w+/i,
    suggestion: 'Describe what you observed rather than who they are: "you did…", "I saw…".',
  },
  {
    id: 'dont-care',
    kind: 'mindReading',
    pattern: /\byou\s+(?:don't|do\s+not|didn't|did\s+not)\s+(?:care|bother|want|try|listen)\b/i,
    suggestion: 'You can only see actions, not intent: say what you saw, and ask.',
  },
  {
    id: 'on-purpose',
    kind: 'mindReading',
    pattern: /\b(?:on\s+purpose|deliberately|obviously|clearly)\b/i,
    suggestion: 'Leave out the guess at intent; say what happened and ask about it.',
  },
  { id: 'you-make-me', kind: 'mindReading', pattern: /\byou\s+(?:make|made)\s+me\b/i, suggestion: 'Own the impact: "I felt…", "I had to…".' },
];

/** One rule that matched: the rule, the words as typed and where they start in the text. */
export interface RuleNote<Rule extends TextRule = TextRule> {
  readonly rule: Rule;
  /** The words as typed. */
  readonly words: string;
  readonly index: number;
}

export type CoachNote = RuleNote<CoachRule>;

/** Apostrophe-like marks people type or paste for `'`: ’ ‘ ‛ ʼ ʹ ′ ´ ` and the full-width ＇. */
const APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u02b9\u2032\u00b4\u0060\uff07]/gu;
/** Double quotes of every style: “ ” „ ‟ « » ″ and the full-width ＂. */
const QUOTES = /[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02]/gu;
/** Invisible format characters (soft hyphen, zero-width joiners, bidi controls) that split a word without showing. */
const INVISIBLE = /\p{Cf}/gu;

/**
 * Text as the coach reads it: typographic apostrophes and quotes as `'` and `"`, compatibility
 * forms folded by NFKC (full-width `ｌａｚｙ`, no-break spaces, ligatures), invisible format
 * characters dropped and letters lower-cased by Unicode's default, locale-independent mapping
 * (`toLowerCase`, never `toLocaleLowerCase`). `start[i]` and `end[i]` give, for each UTF-16
 * unit `i` of `text`, where the characters it came from begin and end in `original`, so a
 * note quotes the words as they were typed.
 */
export function coachText(original: string): { text: string; start: number[]; end: number[] } {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  // A base character with its combining marks is normalised as one piece, so NFKC can compose it.
  for (const piece of original.matchAll(/\P{M}\p{M}*|\p{M}+/gsu)) {
    const folded = piece[0].replace(APOSTROPHES, "'").replace(QUOTES, '"').normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
    for (let i = 0; i < folded.length; i++) {
      start.push(piece.index);
      end.push(piece.index + piece[0].length);
    }
    text += folded;
  }
  return { text, start, end };
}

/**
 * Every rule that matches `text`, in the order the words appear; one note per rule. Text is
 * matched as `coachText` normalises it, so "You’re", "you're" and "ＹＯＵ'ＲＥ" read alike;
 * `words` and `index` are those of the text as typed.
 */
export function coach(text: string): CoachNote[] {
  return findRuleNotes(COACH_RULES, text);
}

/**
 * Every rule of `rules` that matches `text`, read as {@link coach} reads it (one note per rule,
 * in the order the words appear; of two overlapping notes of one kind only the leftmost stays).
 */
export function findRuleNotes<Rule extends TextRule>(rules: readonly Rule[], text: string): RuleNote<Rule>[] {
  const read = coachText(text);
  const notes: RuleNote<Rule>[] = [];
  for (const rule of rules) {
    const match = rule.pattern.exec(read.text);
    if (match && match[0].length > 0) {
      const index = read.start[match.index]!;
      notes.push({ rule, words: text.slice(index, read.end[match.index + match[0].length - 1]!), index });
    }
  }
  // "you're always late" matches both "you-are" and "always": keep the leftmost of overlaps.
  notes.sort((a, b) => a.index - b.index || b.words.length - a.words.length);
  return notes.filter((note, i) => !notes.slice(0, i).some((prev) => note.index < prev.index + prev.words.length && note.rule.kind === prev.rule.kind));
}

/** The severity the editor should show: a judgment of a person weighs more than a generalization. */
export function coachSeverity(notes: readonly CoachNote[]): 'warning' | 'info' | undefined {
  if (notes.length === 0) return undefined;
  return notes.some((n) => n.rule.kind === 'judgment') ? 'warning' : 'info';
}

/** One line for the input box: the first word flagged and its suggestion, and how many more. */
export function coachMessage(text: string): { message: string; severity: 'warning' | 'info' } | undefined {
  const notes = coach(text);
  const severity = coachSeverity(notes);
  if (!severity) return undefined;
  // Lead with a judgment when there is one: it is the note most worth acting on.
  const first = notes.find((n) => n.rule.kind === 'judgment') ?? notes[0]!;
  const rest = notes.filter((n) => n !== first);
  const more = rest.length > 0 ? ` (${rest.length} more: ${rest.map((n) => `"${n.words}"`).join(', ')})` : '';
  return { message: `Coach: ${coachNoteText(first)}${more}`, severity };
}

/** One coach note in the coach's words: `"always" generalizes from one moment. Name the specific time…` */
export function coachNoteText(note: CoachNote): string {
  return `"${note.words}" ${kindPhrase[note.rule.kind]}. ${note.rule.suggestion}`;
}

const kindPhrase: Record<CoachRuleKind, string> = {
  absolute: 'generalizes from one moment',
  judgment: 'judges rather than describes',
  identity: 'describes the person, not the behaviour',
  mindReading: 'guesses at intent',
};
