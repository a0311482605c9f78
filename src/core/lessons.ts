/**
 * Lessons: what a setback's follow-up taught. Searchable by text, and ranked. (The planning
 * session's Review lists a cycle's setbacks and lessons itself: src/planning/review.ts.)
 */
import { dayIn } from './dates';
import { memberProfile } from './members';
import { compareText } from './queries';
import type { Entity, TeamState } from './team';

export interface Lesson {
  readonly setbackId: string;
  readonly member: string;
  readonly memberName: string;
  /** What was learned; undefined while the follow-up has not been reviewed. */
  readonly lesson?: string;
  readonly whatHappened: string;
  readonly rootCause?: string;
  /** The goal or micro-goal the setback was about, and its title when known. */
  readonly about: string;
  readonly aboutTitle?: string;
  /** The day it was logged, and the day it was reviewed, in the member's time zone. */
  readonly loggedDay: string;
  readonly reviewedDay?: string;
  readonly followUp?: string;
  readonly actions: readonly string[];
}

/**
 * A setback as a Lesson, learned or still to come (`lesson` undefined until its follow-up is
 * reviewed): its days in the member's zone (UTC without a profile), the title of what it was about.
 */
export function toLesson(state: TeamState, s: Entity<'setback'>): Lesson {
  const profile = memberProfile(state, s.member);
  const timeZone = profile?.timeZone ?? 'UTC';
  const aboutTitle = state.entities.microGoal.get(s.about)?.title ?? state.entities.goal.get(s.about)?.title;
  return {
    setbackId: s.id,
    member: s.member,
    memberName: profile?.name ?? s.member,
    ...(s.lesson ? { lesson: s.lesson } : {}),
    whatHappened: s.whatHappened,
    ...(s.rootCause ? { rootCause: s.rootCause } : {}),
    about: s.about,
    ...(aboutTitle ? { aboutTitle } : {}),
    loggedDay: safeDay(s.at, timeZone),
    ...(s.reviewedAt ? { reviewedDay: safeDay(s.reviewedAt, timeZone) } : {}),
    ...(s.followUp ? { followUp: s.followUp } : {}),
    actions: s.actions,
  };
}

function safeDay(instant: string, timeZone: string): string {
  try {
    return dayIn(new Date(instant), timeZone);
  } catch {
    return instant.slice(0, 10);
  }
}

/** Every lesson learned so far (reviewed setbacks with a lesson), newest first. */
export function allLessons(state: TeamState): Lesson[] {
  return [...state.entities.setback.values()]
    .filter((s) => !!s.lesson?.trim())
    .map((s) => toLesson(state, s))
    .sort((a, b) => compareText(b.reviewedDay ?? b.loggedDay, a.reviewedDay ?? a.loggedDay) || compareText(a.setbackId, b.setbackId));
}

/**
 * Marks that writers may leave out, so a search ignores them: Latin, Greek and Cyrillic
 * accents (U+0300–036F), Hebrew points (U+0591–05C7, marks only) and Arabic harakat, hamza
 * marks and tatweel (U+0610–061A, U+0640, U+064B–065F, U+0670). Marks that are letters'
 * vowels (Devanagari's ी and ा, Thai's ี and ู) are kept: without them "सीखा" is not a word.
 */
const OPTIONAL_MARKS = /[\u0300-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670]/gu;
/** A word: letters with their combining marks, and digits (Unicode properties, so every script). */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Scripts written without spaces between words, where a search term matches inside a run of text. */
const SPACELESS = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}]/u;

/**
 * Text folded for search, the same on every machine: compatibility forms unified (NFKD, so
 * full-width, half-width kana and ligatures read as their plain letters), optional marks
 * dropped (OPTIONAL_MARKS), then recomposed (NFC). Case is folded by Unicode's default,
 * locale-independent mappings, upper then lower, so "ß" reads as "ss", the Turkish dotless
 * "ı" and dotted "İ" both read as "i" (and so "ILIK" finds "ılık"), and "ς" as "σ". No
 * `toLocale*Case` and no collator: the host's ICU locale never enters.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(OPTIONAL_MARKS, '')
    .normalize('NFC')
    .replace(/\u03c2/g, '\u03c3');
}

/**
 * The search words of `text`, folded by `foldForSearch`: runs of letters, their combining
 * marks and digits, of two or more characters, or of any length in a script written
 * without spaces (a single Chinese character is a word).
 */
export function searchTerms(text: string): string[] {
  return (foldForSearch(text).match(WORD) ?? []).filter((word) => [...word].length >= 2 || SPACELESS.test(word));
}

/** How much each part of a lesson counts when a search word is found in it. */
const FIELD_WEIGHTS = { lesson: 4, rootCause: 2, whatHappened: 2, aboutTitle: 1, memberName: 1 } as const;

export interface LessonMatch {
  readonly lesson: Lesson;
  readonly score: number;
}

/**
 * Lessons matching every word of `query` (a word matches a word of the lesson that starts
 * with it, or, in a script written without spaces such as Chinese, Japanese or Thai, that
 * holds it anywhere; both folded by `foldForSearch`), ranked by where the words were found (the lesson itself counts most), whole-word
 * matches above prefixes, then newest first. An empty query lists every lesson.
 */
export function searchLessons(state: TeamState, query: string): LessonMatch[] {
  const lessons = allLessons(state);
  const terms = [...new Set(searchTerms(query))];
  if (terms.length === 0) return lessons.map((lesson) => ({ lesson, score: 0 }));
  const out: LessonMatch[] = [];
  for (const lesson of lessons) {
    const fields = Object.entries(FIELD_WEIGHTS).map(([name, weight]) => ({
      words: searchTerms(String(lesson[name as keyof typeof FIELD_WEIGHTS] ?? '')),
      weight,
    }));
    let score = 0;
    let all = true;
    for (const term of terms) {
      let best = 0;
      for (const { words, weight } of fields) {
        for (const word of words) {
          // In a script without spaces a "word" is a whole run of text, so the term may sit anywhere in it.
          const found = word === term ? weight * 2 : word.startsWith(term) || (SPACELESS.test(word) && word.includes(term)) ? weight : 0;
          best = Math.max(best, found);
        }
      }
      if (best === 0) {
        all = false;
        break;
      }
      score += best;
    }
    if (all) out.push({ lesson, score });
  }
  // allLessons is newest first and sort is stable, so equal scores stay newest first.
  return out.sort((a, b) => b.score - a.score);
}
