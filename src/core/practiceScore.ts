/**
 * Scoring for Practice Feedback (issue 19 §4): a rewrite of a judgmental sentence as
 * situation → behaviour → impact → request, and a role-play answer to feedback received.
 * Every point carries its reason, in the coach's tone (learning, never blame), so a UI can show
 * why. The coach's own rules (coach.ts) judge the words; the checks below judge the shape.
 *
 * The checks are deliberately simple. What does not depend on a language comes first (digits,
 * references like `#412`, quotes, question marks of every script); the word lists are English,
 * as are the coach's rules.
 */
import { coach, coachNoteText, coachText, findRuleNotes, type RuleNote, type TextRule } from './coach';

/** The four parts of feedback, as the feedback form and the `feedback` entity name them. */
export const FEEDBACK_PARTS = ['situation', 'behaviour', 'impact', 'request'] as const;
export type FeedbackPart = (typeof FEEDBACK_PARTS)[number];
export type Rewrite = Readonly<Record<FeedbackPart, string>>;

/** The parts of a role-play answer that earn points. */
export const ANSWER_PARTS = ['acknowledge', 'curious', 'nextStep', 'calm'] as const;
export type AnswerPart = (typeof ANSWER_PARTS)[number];

/** One check of one part: 0 or `max` points, and why, in words a person can act on. */
export interface ScoredCheck {
  /** Stable id, e.g. `situation.specific`, `request.observable`, `answer.calm`: progress counts misses by it. */
  readonly id: string;
  readonly points: number;
  readonly max: number;
  readonly reason: string;
  /** The rules that fired in this part (coach or defensive), each with its own words; empty when none did. */
  readonly notes: readonly RuleNote[];
}

export interface ScoredPart<Part extends string = string> {
  readonly part: Part;
  readonly label: string;
  readonly points: number;
  readonly max: number;
  readonly checks: readonly ScoredCheck[];
}

/** A score a UI can show part by part. Reasons quote the person's own words as typed: draw them as text. */
export interface PracticeScore<Part extends string = string> {
  readonly points: number;
  readonly max: number;
  /** All points earned. */
  readonly full: boolean;
  readonly parts: readonly ScoredPart<Part>[];
  /** Ids of every rule that fired and every check that earned nothing: what to practise more. */
  readonly missed: readonly string[];
}

export type DefensiveRuleKind = 'yesBut' | 'counterattack' | 'denial' | 'deflecting' | 'minimizing' | 'excuse' | 'dismissing';

/**
 * Ways an answer to feedback turns defensive, after the usual advice on receiving feedback
 * (listen, thank, ask, then decide): arguing back with "but", returning the criticism, denying,
 * pointing at someone or something else, making it small, explaining it away, or brushing the
 * giver off. Written like COACH_RULES: matched on the text as `coachText` reads it.
 */
export const DEFENSIVE_RULES: readonly TextRule<DefensiveRuleKind>[] = [
  {
    id: 'yes-but',
    kind: 'yesBut',
    pattern: /\b(?:but|however)\b/i,
    suggestion: 'A "but" takes back what came before it: stop after the thanks, or say "and".',
  },
  {
    id: 'you-too',
    kind: 'counterattack',
    pattern:
      /\b(?:you\s+(?:also|too)\b|you\s+(?:do|did)\s+(?:it|that|the\s+same)(?:\s+\w+)?\s+too\b|what\s+about\s+you(?:rs)?\b|so\s+do\s+you\b|look\s+who's\s+talking\b|who\s+made\s+you\b|yourself\s*[?\uFF1F])/i,
    suggestion: 'Keep to the feedback you got; what the other person does is a conversation for another day.',
  },
  {
    id: 'not-my-fault',
    kind: 'denial',
    pattern:
      /\b(?:not\s+my\s+(?:fault|problem|job|responsibility)|(?:wasn't|was\s+not|isn't|is\s+not)\s+(?:me|my\s+fault)|i\s+(?:did\s+nothing|didn't\s+do\s+anything|did\s+not\s+do\s+anything)\s+wrong)\b/i,
    suggestion: 'Say what part was yours, even a small one: "I see how my merge did that."',
  },
  {
    id: 'blame-others',
    kind: 'deflecting',
    pattern:
      /\b(?:some(?:one|body)\s+else|\w+'s\s+fault|blame\s+\w+|(?:they|he|she)\s+told\s+me\s+to|because\s+of\s+(?:them|him|her|the\s+(?:ci|pipeline|tooling|linter|process)))\b/i,
    suggestion: 'Leave others and the tools out for now: talk about your own part.',
  },
  {
    id: 'minimizing',
    kind: 'minimizing',
    pattern:
      /\b(?:(?:no|not\s+a|not\s+such\s+a)\s+big\s+deal|(?:it's|it\s+is|that's|that\s+is|it\s+was)\s+(?:just|only)\b|overreact\w*|too\s+sensitive|calm\s+down|relax|no\s+harm\s+done|doesn't\s+matter|does\s+not\s+matter)/i,
    suggestion: 'Take the impact as they felt it: "I did not see it cost you that hour."',
  },
  {
    id: 'excuse',
    kind: 'excuse',
    pattern:
      /\b(?:i\s+was\s+(?:(?:too|so|really)\s+)?(?:busy|swamped|slammed|tired)|i\s+(?:had|have)\s+no\s+time|i\s+(?:didn't|did\s+not)\s+have\s+(?:the\s+)?time|i\s+had\s+(?:other|more\s+important)\s+\w+|i\s+was\s+(?:just|only)\s+trying)\b/i,
    suggestion: 'The reason can wait until they ask: first show you heard the impact.',
  },
  {
    id: 'dismissing',
    kind: 'dismissing',
    pattern: /\b(?:whatever|if\s+you\s+say\s+so|sorry\s+(?:if\s+you|you\s+feel|that\s+you\s+feel)|fine,?\s+then|happy\s+now|apparently|your\s+way\s+counts)\b/i,
    suggestion: 'Take it seriously even if you see it differently: "I see it differently; can we talk it through?"',
  },
];

const defensivePhrase: Record<DefensiveRuleKind, string> = {
  yesBut: 'argues back',
  counterattack: 'turns the feedback around',
  denial: 'denies any part in it',
  deflecting: 'points somewhere else',
  minimizing: 'makes the impact small',
  excuse: 'explains it away',
  dismissing: 'brushes the feedback off',
};

/** One defensive note in the coach's style: `"but" argues back. A "but" takes back…` */
export function defensiveNoteText(note: RuleNote<TextRule<DefensiveRuleKind>>): string {
  return `"${note.words}" ${defensivePhrase[note.rule.kind]}. ${note.rule.suggestion}`;
}

/** The defensive rules that fire on an answer, leftmost first. */
export function defensiveNotes(answer: string): RuleNote<TextRule<DefensiveRuleKind>>[] {
  return findRuleNotes(DEFENSIVE_RULES, answer);
}

const PART_LABEL: Record<FeedbackPart | AnswerPart, string> = {
  situation: 'Situation',
  behaviour: 'Behaviour',
  impact: 'Impact',
  request: 'Request',
  acknowledge: 'Acknowledge',
  curious: 'Ask',
  nextStep: 'Next step',
  calm: 'Stay open',
};

/** Any letter or digit, in any script. */
const HAS_CONTENT = /[\p{L}\p{N}]/u;
/** A question mark of any script: ASCII, full-width, Arabic, Greek question mark, and the Spanish opening mark. */
const QUESTION = /[?\uFF1F\u061F\u037E\u00BF]/u;
/** A number, a reference such as `#412` or `!88`, or a quoted name ("…", `…`): language-neutral anchors. */
const ANCHOR = /\p{N}|[#!]\w|["`][^"`]+["`]/u;
/** Words that place a moment in time or in the work (English; a plural counts too: "sprints", "reviews"). */
const WHEN_WHERE =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|morning|afternoon|evening|night|week|sprint|release|stand-?up|review|meeting|retro|demo|planning|call|pairing|session|incident|outage|deploy|on-?call|hand-?over|pr|pull\s+request|thread|chat|channel|build|pipeline|merge|branch|ticket)s?\b/i;
const VAGUE = /\b(?:stuff|things|something|somehow|whatever|etc|and\s+so\s+on|kind\s+of|sort\s+of)\b/i;
const FIRST_PERSON_OR_AMOUNT =
  /\p{N}|\b(?:i|i'm|i've|i'd|me|my|we|we're|we've|us|our|hours?|minutes?|days?|weeks?|half|twice|one|two|three|four|five|six|seven|eight|nine|ten|several|people|customers?|users?|the\s+team)\b/iu;
const ASK =
  /\b(?:could\s+you|would\s+you|can\s+you|will\s+you|please|let's|let\s+us|next\s+time|i'd\s+like|i\s+would\s+like|i'd\s+appreciate|shall\s+we|how\s+about|would\s+it\s+help)\b/i;
const ACKNOWLEDGE =
  /\b(?:thanks|thank\s+you|i\s+see|i\s+hear\s+you|fair\s+point|good\s+point|you're\s+right|that's\s+fair|i\s+understand|makes\s+sense|got\s+it|i\s+appreciate|i\s+(?:didn't|did\s+not|hadn't|had\s+not)\s+(?:realise|realize|notice|see|think))/i;
const NEXT_STEP =
  /\b(?:i\s+will|i'll|i\s+can|let\s+me|i'm\s+going\s+to|i\s+am\s+going\s+to|next\s+time|from\s+now\s+on|going\s+forward|let's|shall\s+we|i\s+plan\s+to)\b/i;

/** Words as the checks read them: as the coach reads them (coachText), so "Ｔｈａｎｋｓ" and "Thanks" read alike. */
function read(text: string): string {
  return coachText(text).text;
}

function wordCount(text: string): number {
  return text.split(/\s+/u).filter((w) => HAS_CONTENT.test(w)).length;
}

function check(id: string, passed: boolean, max: number, reason: string, notes: readonly RuleNote[] = []): ScoredCheck {
  return { id, points: passed ? max : 0, max, reason, notes };
}

const SPECIFIC: Record<FeedbackPart, { test: (text: string) => boolean; yes: string; no: string }> = {
  situation: {
    test: (t) => ANCHOR.test(t) || WHEN_WHERE.test(t),
    yes: 'It names when or where, so the other person can picture the moment.',
    no: 'Try naming when or where it happened, e.g. "in Tuesday\'s review of #412".',
  },
  behaviour: {
    test: (t) => (/\s/.test(t.trim()) ? wordCount(t) >= 4 : [...t.trim()].length >= 8) && !VAGUE.test(t),
    yes: 'It describes what happened, as a camera would have seen it.',
    no: 'Try saying exactly what happened, in a few more words, e.g. "the PR was merged before CI finished".',
  },
  impact: {
    test: (t) => FIRST_PERSON_OR_AMOUNT.test(t),
    yes: 'It says what it meant for you, the team or the work.',
    no: 'Try saying what it meant for you or the team, e.g. "I spent an hour finding why main was red".',
  },
  request: {
    test: (t) => QUESTION.test(t) || ASK.test(t),
    yes: 'It is a question or a concrete ask the other person can say yes to.',
    no: 'Try asking for one concrete thing, e.g. "Could you wait for the green check before merging?"',
  },
};

/**
 * Scores a rewrite of a judgmental sentence: for each of the four parts, 1 point each for
 * being there (a letter or digit), being specific (SPECIFIC above: a situation names when or
 * where; a behaviour is at least four words and not vague; an impact names who it touched or
 * how much; a request is a question or an ask) and being observable (no coach rule fires; each
 * rule that does is explained in the coach's words). Maximum 12.
 */
export function scoreRewrite(rewrite: Partial<Rewrite>): PracticeScore<FeedbackPart> {
  return totals(
    FEEDBACK_PARTS.map((part) => {
      const text = rewrite[part] ?? '';
      const present = HAS_CONTENT.test(text);
      const spec = SPECIFIC[part];
      const notes = coach(text);
      const checks = [
        check(`${part}.present`, present, 1, present ? 'It is there.' : `Add the ${part}: every part helps the other person understand.`),
        check(`${part}.specific`, present && spec.test(read(text)), 1, present && spec.test(read(text)) ? spec.yes : spec.no),
        check(
          `${part}.observable`,
          present && notes.length === 0,
          1,
          !present ? 'Nothing to read yet.' : notes.length === 0 ? 'No judgment words: it describes rather than labels.' : notes.map(coachNoteText).join(' '),
          notes,
        ),
      ];
      return scoredPart(part, checks);
    }),
  );
}

/**
 * Scores a role-play answer to feedback received: 1 point for acknowledging it ("thanks",
 * "I see", "you're right"…), 1 for asking a question (any script's question mark), 1 for
 * naming a next step ("I'll", "next time", "let's"…), and 2 for staying open: no DEFENSIVE_RULES
 * and no coach rule fires (an answer that judges the giver back is not open either). Maximum 5.
 */
export function scoreAnswer(answer: string): PracticeScore<AnswerPart> {
  const text = read(answer);
  const defensive = defensiveNotes(answer);
  const judging = coach(answer);
  const present = HAS_CONTENT.test(answer);
  const calm = present && defensive.length === 0 && judging.length === 0;
  const calmReason = !present
    ? 'Write an answer to see how it reads.'
    : calm
      ? 'Nothing defensive: the other person can tell you listened.'
      : [...defensive.map(defensiveNoteText), ...judging.map(coachNoteText)].join(' ');
  const acknowledged = ACKNOWLEDGE.test(text);
  const asked = QUESTION.test(answer);
  const stepped = NEXT_STEP.test(text);
  return totals([
    scoredPart('acknowledge', [
      check(
        'answer.acknowledge',
        acknowledged,
        1,
        acknowledged ? 'It shows you heard them.' : 'Try opening with a thank-you or "I see": it shows you heard them.',
      ),
    ]),
    scoredPart('curious', [
      check('answer.curious', asked, 1, asked ? 'It asks, so you learn more.' : 'Try asking one question, e.g. "What would have helped you most?"'),
    ]),
    scoredPart('nextStep', [
      check('answer.nextStep', stepped, 1, stepped ? 'It names what happens next.' : 'Try naming one next step, e.g. "I\'ll wait for CI next time."'),
    ]),
    scoredPart('calm', [check('answer.calm', calm, 2, calmReason, [...defensive, ...judging])]),
  ]);
}

function scoredPart<Part extends FeedbackPart | AnswerPart>(part: Part, checks: ScoredCheck[]): ScoredPart<Part> {
  return {
    part,
    label: PART_LABEL[part],
    points: checks.reduce((sum, c) => sum + c.points, 0),
    max: checks.reduce((sum, c) => sum + c.max, 0),
    checks,
  };
}

function totals<Part extends string>(parts: ScoredPart<Part>[]): PracticeScore<Part> {
  const points = parts.reduce((sum, p) => sum + p.points, 0);
  const max = parts.reduce((sum, p) => sum + p.max, 0);
  const missed = new Set<string>();
  for (const c of parts.flatMap((p) => p.checks)) {
    for (const note of c.notes) missed.add(note.rule.id);
    if (c.points < c.max && c.notes.length === 0) missed.add(c.id);
  }
  return { points, max, full: points === max, parts, missed: [...missed] };
}
