/**
 * The messages between the extension host and the planning and dashboard webviews, shared by
 * both sides: one discriminated union per direction on `type`. The webview begins with
 * `ready`; the host answers with the whole view. Every message from the webview is parsed
 * here and then checked against the team's current state by the panel.
 *
 * Bundled into the browser too, so it imports nothing but valibot and ../core/shapes (the id
 * and day patterns the core's schemas use too): never the core's index, whose other files
 * need Node (node:crypto).
 */
import * as v from 'valibot';
import { ENTITY_ID_PATTERN, isDay, MEMBER_ID_PATTERN, newIdPattern } from '../core/shapes';

export const VIEW_TYPES = { planning: 'accord.planning', dashboard: 'accord.dashboard' } as const;

export const STEPS = ['review', 'reflect', 'plan', 'commit'] as const;
export type Step = (typeof STEPS)[number];

export const REFLECTION_FIELDS = ['helped', 'hindered', 'lessons'] as const;
export type ReflectionField = (typeof REFLECTION_FIELDS)[number];

const MemberId = v.pipe(v.string(), v.regex(MEMBER_ID_PATTERN));
const EntityId = v.pipe(v.string(), v.regex(ENTITY_ID_PATTERN));
/** A day like 2026-03-14 that exists: 2026-02-30 matches the pattern but is refused. */
const Day = v.pipe(v.string(), v.check(isDay, 'a date like 2026-03-14'));
const Title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
const Hours = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1000));
const Order = v.pipe(v.number(), v.finite());

const ItemChange = v.strictObject({
  title: v.optional(Title),
  owner: v.optional(MemberId),
  estimateHours: v.optional(v.nullable(Hours)),
  due: v.optional(v.nullable(Day)),
  goal: v.optional(v.nullable(EntityId)),
  inCycle: v.optional(v.boolean()),
});
export type ItemChange = v.InferOutput<typeof ItemChange>;

/** Everything the webview may ask of the host. */
export const WebviewMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ready') }),
  v.strictObject({ type: v.literal('step'), step: v.picklist(STEPS) }),
  v.strictObject({ type: v.literal('reflect'), field: v.picklist(REFLECTION_FIELDS), text: v.pipe(v.string(), v.maxLength(4000)) }),
  v.strictObject({ type: v.literal('move'), id: EntityId, to: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)) }),
  v.strictObject({ type: v.literal('update'), id: EntityId, change: ItemChange }),
  v.strictObject({
    type: v.literal('add'),
    title: Title,
    owner: v.optional(MemberId),
    estimateHours: v.optional(Hours),
    due: v.optional(Day),
    goal: v.optional(EntityId),
  }),
  v.strictObject({ type: v.literal('remove'), id: EntityId }),
  v.strictObject({ type: v.literal('commit'), participants: v.pipe(v.array(MemberId), v.minLength(1), v.maxLength(50)) }),
  v.strictObject({ type: v.literal('export') }),
  v.strictObject({ type: v.literal('openDashboard') }),
  v.strictObject({ type: v.literal('startPlanning') }),
]);
export type WebviewMessage = v.InferOutput<typeof WebviewMessageSchema>;
export type WebviewMessageOf<T extends WebviewMessage['type']> = Extract<WebviewMessage, { type: T }>;

/** Parses an untrusted message; the reason is for the log, never shown as HTML. */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewMessage } | { ok: false; reason: string } {
  const result = v.safeParse(WebviewMessageSchema, raw);
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: `${path ? `${path}: ` : ''}${issue?.message ?? 'not a known message'}` };
}

// ---- The plan being drafted: kept by the host, mirrored in the webview's state for restore.

/** What the draft keeps of a micro-goal: the changes the panel may send, and its place in the backlog. */
const ItemPatch = v.strictObject({ ...ItemChange.entries, order: v.optional(Order) });
export type ItemPatch = v.InferOutput<typeof ItemPatch>;

/** A new micro-goal planned in the panel: an id of the form newId('mg') makes, nothing else. */
const NewMicroGoalId = v.pipe(v.string(), v.regex(newIdPattern('mg')));
const NewItem = v.strictObject({
  id: NewMicroGoalId,
  title: Title,
  owner: MemberId,
  estimateHours: v.optional(Hours),
  due: v.optional(Day),
  goal: v.optional(EntityId),
  order: Order,
  inCycle: v.boolean(),
});
export type NewItem = v.InferOutput<typeof NewItem>;

export const PlanDraftSchema = v.strictObject({
  cycleStart: Day,
  cycleEnd: Day,
  patches: v.pipe(
    v.record(EntityId, ItemPatch),
    v.check((r) => Object.keys(r).length <= 2000, 'too many changes'),
  ),
  added: v.pipe(v.array(NewItem), v.maxLength(500)),
});
export type PlanDraft = v.InferOutput<typeof PlanDraftSchema>;

/** What the webview keeps with `vscode.setState`, handed back to the host after a reload. */
export const PersistedStateSchema = v.variant('view', [
  v.object({ view: v.literal('planning'), step: v.picklist(STEPS), draft: v.optional(PlanDraftSchema) }),
  v.object({ view: v.literal('dashboard') }),
]);
export type PersistedState = v.InferOutput<typeof PersistedStateSchema>;

export function parsePersistedState(raw: unknown): PersistedState | undefined {
  const result = v.safeParse(PersistedStateSchema, raw);
  return result.success ? result.output : undefined;
}

// ---- What the host sends. Built by the host from validated data; the webview renders text only.

export interface MemberView {
  id: string;
  name: string;
  me: boolean;
}

export interface Highlight {
  member: string;
  day: string;
  text: string;
}

export interface OutcomeView {
  onTime: number;
  renegotiated: number;
  missed: number;
  doneLate: number;
  pastDue: number;
}

/**
 * Whether evidence from git is there (daily/evidence.ts): `untrusted` (Restricted Mode, no git
 * runs), `noGit` (the git extension is off), `noRepository`, `reading`, or `ready`.
 */
export type EvidenceStatus = 'untrusted' | 'noGit' | 'noRepository' | 'reading' | 'ready';

export interface ReviewView {
  start: string;
  end: string;
  days: number;
  /** Whether the window starts at the last session's cycle, or is just the last cycleDays days. */
  sinceSession: boolean;
  /** `commits`: how many commits name it and are still in the history (only when `evidence` is `ready`). */
  done: { id: string; title: string; owner: string; day: string; commits?: number }[];
  doneTotal: number;
  evidence: EvidenceStatus;
  outcomes: OutcomeView;
  checkIns: { member: string; count: number }[];
  helped: Highlight[];
  hindered: Highlight[];
  setbacks: { id: string; member: string; day: string; about?: string; whatHappened: string; rootCause?: string; lesson?: string }[];
  /** The covenant's agreements, as the dashboard shows them (panels/agreementsView.ts); absent when the panel was given no covenant. */
  agreements?: AgreementsView;
}

/** How one agreement went for one person against the last cycle: core agreementMeasures.ts Trend. */
export type AgreementTrend = 'better' | 'same' | 'worse' | 'new' | 'running';

/** One person's measure of one agreement: words, never a score. Every string is text, never markup. */
export interface AgreementPersonView {
  member: string;
  /** Made safe (safeText). */
  name: string;
  /** "3 of 4 weeks with four check-ins": this cycle so far. */
  current: string;
  /** The same words for the last cycle. */
  last: string;
  trend: AgreementTrend;
  /** "More than last cycle", "Nothing to compare with yet", … */
  trendWords: string;
}

export interface AgreementView {
  /** Its label (made safe) or the kind's own title: "Four check-ins a week". */
  title: string;
  /** Where it is written: the line of covenant.md. */
  line: number;
  people: AgreementPersonView[];
  /** Names in its `who` that match nobody in the team, made safe; empty when all match. */
  unknown: string[];
}

/** Something in the covenant's accord blocks Accord could not measure or read, with why and the fix. */
export interface NotMeasuredView {
  line: number;
  /** What it is: the agreement's label or kind, or "An accord block" (made safe). */
  title: string;
  /** Why, with the fix (made safe). */
  reason: string;
}

/**
 * The Agreements section of the dashboard and of the planning Review: each measurable agreement
 * of the covenant for each person, over `current` (the cycle so far) and `last` (the cycle
 * before), and what Accord could not measure. `status`: `noCovenant` (no covenant.md),
 * `noAgreements` (a covenant with nothing in accord blocks), `ready` (something to show).
 */
export interface AgreementsView {
  status: 'noCovenant' | 'noAgreements' | 'ready';
  current: { from: string; to: string };
  last: { from: string; to: string };
  agreements: AgreementView[];
  notMeasured: NotMeasuredView[];
}

export interface ReflectionView {
  member: string;
  helped: string;
  hindered: string;
  lessons: string;
  at?: string;
}

export interface BacklogItemView {
  id: string;
  title: string;
  owner: string;
  estimateHours?: number;
  due?: string;
  goal?: string;
  inCycle: boolean;
  isNew: boolean;
  /** The fields this session changed, for a subtle marker. */
  changed: string[];
  /**
   * Set when `due` falls on the owner's away day or a holiday (core dueDateFlag): the words
   * ("Sam is away on Fri 25 Dec; Mon 28 Dec is the next working day", text, never markup) and
   * the next working day the panel offers in one click.
   */
  dueFlag?: { words: string; suggested?: string };
}

export interface CapacityView {
  member: string;
  name: string;
  capacityHours?: number;
  loadHours: number;
  unestimated: number;
  items: number;
  overBy: number;
  /** The runs of the cycle's working days they are away (`away`) or on holiday, in order. */
  lost: readonly { readonly from: string; readonly to: string; readonly away: boolean }[];
  /** "Dana: 12 h, away Tue–Thu" (core capacityWords): text, never markup. */
  words: string;
}

export interface CommittedView {
  sessionId: string;
  count: number;
  cycleStart: string;
  cycleEnd: string;
}

export interface PlanningView {
  me: string;
  readOnly: boolean;
  today: string;
  cycle: { start: string; end: string; days: number };
  members: MemberView[];
  goals: { id: string; title: string }[];
  review: ReviewView;
  reflections: ReflectionView[];
  backlog: BacklogItemView[];
  capacity: CapacityView[];
  /** "Sam is 6 h over capacity (26 h of 20 h)". */
  warnings: string[];
  committed?: CommittedView;
  step: Step;
  draft: PlanDraft;
  /**
   * What someone chose to raise at this session (an escalation's "raise it at the next planning
   * session", issue 19 §2), oldest first: the micro-goal's title and owner's name, and why, as
   * text. Micro-goals since finished or gone are left out. Cleared on Commit.
   */
  agenda: AgendaView[];
}

export interface AgendaView {
  microGoal: string;
  title: string;
  owner: string;
  reason: string;
}

export interface StreakView {
  member: string;
  name: string;
  current: number;
  longest: number;
  lastCheckIn?: string;
}

export interface DashboardView {
  today: string;
  /**
   * The team's closed history (issue 20 §1): `reading` while it is read, the view drawn from
   * the live files alone (streak records, the charts' and the heat map's older weeks may fill in), `read`
   * once it is in, `unavailable` when it could not be read (Show Data Problems says why).
   */
  history?: 'reading' | 'read' | 'unavailable';
  streaks: StreakView[];
  /**
   * `quiet[i]`, for a day `counts[i]` with no check-in, says why the team was quiet rather than
   * absent (issue 18 §4): "Holiday: Christmas Day", "Everyone away"; null for an ordinary day.
   * Text, never markup.
   */
  heatMap: { start: string; counts: number[]; max: number; total: number; quiet: (string | null)[] };
  donePerWeek: { week: string; count: number }[];
  outcomesPerWeek: (OutcomeView & { week: string })[];
  cycle: { start: string; end: string; days: number; fromSession: boolean };
  capacity: CapacityView[];
  warnings: string[];
  /**
   * The team's finished work with evidence, over the weeks of `donePerWeek`: how many
   * micro-goals were finished, and how many of them have a commit that names them. The team's
   * picture, never a person's score.
   */
  evidence: { status: EvidenceStatus; finished: number; backed: number };
  /** How the partnership lives by the covenant's measurable agreements (issue 19 §1). */
  agreements: AgreementsView;
}

export type HostMessage =
  | { type: 'planning'; view: PlanningView }
  | { type: 'dashboard'; view: DashboardView }
  /** `clock`: when it was saved, `HH:MM` on my own clock (my zone's, never the machine's). */
  | { type: 'saved'; field: ReflectionField; at: string; clock: string }
  | { type: 'notice'; tone: 'info' | 'warning'; text: string };
