/**
 * Measurable agreements in the covenant (issue 19 §1–3): the fenced ```` ```accord ```` blocks
 * of `.accord/covenant.md`, read as YAML 1.2 and checked against a small schema. The covenant is
 * hand-edited and comes from teammates and pull requests, so everything here is untrusted:
 * sizes are bounded, YAML aliases, tags and non-text keys are refused, and every problem names
 * its line in covenant.md and the fix. The full syntax, with examples, is in
 * docs/covenant-agreements.md; in short:
 *
 * ```yaml
 * roles:                       # optional: names for people, used by `who`, `accepts` and `for`
 *   mentor: alex               # a member id, email or name, or a list of them
 *   mentee: [sam]
 * agreements:
 *   - kind: check-ins-per-week # one of AGREEMENT_KINDS
 *     target: 4                # what the kind counts (AGREEMENT_KIND_INFO); some kinds take none
 *     who: everyone            # everyone (the default), a role, a member, or a list of them
 *     label: Four check-ins    # optional: how the dashboard titles it
 * escalation:
 *   - after: 2                 # working days blocked
 *     step: pair               # pair | planning | check-in
 *     say: Pair on it.         # optional words
 * decisions:
 *   renegotiations:
 *     - accepts: mentor        # who accepts …
 *       for: mentee            # … the renegotiations these people propose of their own micro-goals
 *       changes: [due]         # optional: due, owner, scope (default: all)
 * ```
 *
 * A covenant may hold several blocks (one next to each section's prose, say): their lists are
 * read in order as one. A block Accord cannot read as YAML is skipped whole and named in
 * `problems`; an agreement it cannot read is listed in `notMeasured` with why. Line numbers are
 * 1-based lines of covenant.md as the editor shows them (a BOM and CRLF line ends change nothing).
 */
import * as v from 'valibot';
import { type AccordBlock, accordBlocks, flowDepth, yamlMessage } from './covenantBlocks';
import { expectedWords } from './schemaWords';
import { type Document, isAlias, isNode, isPair, isScalar, LineCounter, parseDocument, visit } from 'yaml';

/** Bounds on what one covenant's blocks may hold; beyond them Accord names the problem and reads no further. */
export const AGREEMENT_LIMITS = {
  /** Bytes (UTF-16 code units) of one block's YAML. */
  blockChars: 32 * 1024,
  blocks: 10,
  agreements: 50,
  escalationSteps: 10,
  renegotiationRules: 20,
  roles: 20,
  /** Names in one list (`who`, a role, `accepts`, `for`). */
  names: 50,
  /** Characters of any one text value (a name, a label, `say`). */
  text: 200,
  /** Open `[` and `{` at once: YAML's parser is costly on deep nesting, and no agreement needs more than two. */
  nesting: 8,
  /** Leading spaces of a line: the schema's deepest value sits at about 10. */
  indent: 40,
  /**
   * Colons in one block, so keys at most: every limit above filled needs about 320. YAML's parser
   * checks each map's keys against each other, so thousands of keys cost seconds.
   */
  colons: 400,
} as const;

export const AGREEMENT_KINDS = [
  'check-ins-per-week',
  'renegotiations-answered-within',
  'renegotiate-before-due',
  'feedback-per-cycle',
  'kudos-per-cycle',
  'setbacks-reviewed-by-follow-up',
  'micro-goals-done-with-evidence',
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** What a kind's `target` counts, and its bounds; kinds without one count each event ("2 of 3 …"). */
export const AGREEMENT_TARGETS: Readonly<Partial<Record<AgreementKind, { readonly min: number; readonly max: number; readonly unit: string }>>> = {
  'check-ins-per-week': { min: 1, max: 35, unit: 'check-ins in a full working week' },
  'renegotiations-answered-within': { min: 0, max: 20, unit: 'working days' },
  'feedback-per-cycle': { min: 1, max: 100, unit: 'pieces of feedback or kudos in a cycle' },
  'kudos-per-cycle': { min: 1, max: 100, unit: 'kudos in a cycle' },
};

/** Who an agreement or a decision is about: everyone, or names as written (member ids, emails, names or roles). */
export type Who = 'everyone' | readonly string[];

export interface Agreement {
  readonly kind: AgreementKind;
  /** What the kind counts (AGREEMENT_TARGETS); undefined for kinds that take none. */
  readonly target?: number;
  readonly who: Who;
  /** As written: make it safe (safeText) before showing it. */
  readonly label?: string;
  /** The line of covenant.md where it starts. */
  readonly line: number;
}

/** An agreement Accord cannot measure, and why (with the fix). `kind`, `label` and `reason` hold words from the covenant: draw them through safeText. */
export interface NotMeasured {
  readonly line: number;
  /** The kind as written, when it has one. */
  readonly kind?: string;
  readonly label?: string;
  readonly reason: string;
}

export const ESCALATION_STEPS = ['pair', 'planning', 'check-in'] as const;
export type EscalationStepKind = (typeof ESCALATION_STEPS)[number];

export interface EscalationStep {
  /** Working days blocked before this step is suggested (availability.ts working days). */
  readonly after: number;
  readonly step: EscalationStepKind;
  /** The covenant's words for it, as written; undefined: the step's own words (escalation.ts). */
  readonly say?: string;
  readonly line: number;
}

export const RENEGOTIATION_CHANGES = ['due', 'owner', 'scope'] as const;
export type RenegotiationChangeField = (typeof RENEGOTIATION_CHANGES)[number];

/** "`accepts` accepts the renegotiations that the people of `for` propose of their own micro-goals (for `changes`)". */
export interface RenegotiationRight {
  readonly accepts: Who;
  readonly for: Who;
  readonly changes: readonly RenegotiationChangeField[];
  readonly line: number;
}

/** Something in a block Accord could not read, with its line and the fix; `message` may quote the covenant: draw it through safeText. */
export interface CovenantProblem {
  readonly line: number;
  readonly message: string;
}

/** Everything the covenant's blocks say, as far as Accord could read it. */
export interface CovenantRules {
  readonly agreements: readonly Agreement[];
  readonly notMeasured: readonly NotMeasured[];
  /** Sorted by `after`, earliest first. */
  readonly escalation: readonly EscalationStep[];
  readonly renegotiationRights: readonly RenegotiationRight[];
  /** Role name → the names it stands for, as written. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
  readonly problems: readonly CovenantProblem[];
  /** How many ```` ```accord ```` blocks the covenant holds. */
  readonly blocks: number;
}

/** A covenant without blocks: nothing measured, no escalation, today's decision rights. */
export const NO_RULES: CovenantRules = { agreements: [], notMeasured: [], escalation: [], renegotiationRights: [], roles: new Map(), problems: [], blocks: 0 };

const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const name = v.pipe(
  v.string('a name'),
  v.trim(),
  v.minLength(1, 'a name'),
  v.maxLength(AGREEMENT_LIMITS.text, `a name of at most ${AGREEMENT_LIMITS.text} characters`),
);
const names = v.union(
  [name, v.pipe(v.array(name), v.minLength(1), v.maxLength(AGREEMENT_LIMITS.names))],
  `everyone, a name or role, or a list like [alex, sam]`,
);
const text = v.pipe(v.string('text'), v.trim(), v.minLength(1, 'some text'), v.maxLength(AGREEMENT_LIMITS.text, `at most ${AGREEMENT_LIMITS.text} characters`));
const wholeNumber = (min: number, max: number, unit: string) => {
  const expected = `a whole number of ${unit} from ${min} to ${max}`;
  return v.pipe(v.number(expected), v.integer(expected), v.minValue(min, expected), v.maxValue(max, expected));
};
const agreementSchema = (kind: AgreementKind) => {
  const target = AGREEMENT_TARGETS[kind];
  return v.strictObject({
    kind: v.literal(kind),
    ...(target ? { target: wholeNumber(target.min, target.max, target.unit) } : {}),
    who: v.optional(names),
    label: v.optional(text),
  });
};
const AGREEMENT_SCHEMAS = Object.fromEntries(AGREEMENT_KINDS.map((kind) => [kind, agreementSchema(kind)])) as unknown as Record<AgreementKind, v.GenericSchema>;
const EscalationSchema = v.strictObject({
  after: wholeNumber(1, 60, 'working days'),
  step: v.picklist(ESCALATION_STEPS, `one of ${ESCALATION_STEPS.join(', ')}`),
  say: v.optional(text),
});
const RightSchema = v.strictObject({
  accepts: names,
  for: names,
  changes: v.optional(v.pipe(v.array(v.picklist(RENEGOTIATION_CHANGES, RENEGOTIATION_CHANGES.join(', '))), v.minLength(1), v.maxLength(3))),
});
const list = (what: string, max: number) =>
  v.pipe(v.array(v.unknown(), `a list (${what}), each item starting with "- "`), v.maxLength(max, `at most ${max} ${what}`));
// A section written with nothing under it yet (only a comment, as a covenant being drafted has)
// is null in YAML: read as absent, never as a block Accord cannot read. Each role is read on its
// own below, so one bad role leaves the rest of the block readable.
const BlockSchema = v.strictObject({
  roles: v.nullish(
    v.pipe(
      v.record(v.string(), v.unknown()),
      v.check((r) => Object.keys(r).length <= AGREEMENT_LIMITS.roles, `at most ${AGREEMENT_LIMITS.roles} roles`),
    ),
  ),
  agreements: v.nullish(list('agreements', AGREEMENT_LIMITS.agreements)),
  escalation: v.nullish(list('escalation steps', AGREEMENT_LIMITS.escalationSteps)),
  decisions: v.nullish(v.strictObject({ renegotiations: v.nullish(list('renegotiation rules', AGREEMENT_LIMITS.renegotiationRules)) })),
});

/**
 * The rules of a covenant: every readable agreement, escalation step, renegotiation right and
 * role of its ```` ```accord ```` blocks, what could not be measured and why, and the problems
 * (each with its line and fix). Never throws: an unreadable block is a problem, not an error.
 * `markdown` is the file's text as read (a BOM and CRLF are fine); the caller bounds its size
 * (covenant.ts MAX_COVENANT_BYTES).
 */
export function readCovenantRules(markdown: string): CovenantRules {
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks = accordBlocks(lines);
  const rules = {
    agreements: [] as Agreement[],
    notMeasured: [] as NotMeasured[],
    escalation: [] as EscalationStep[],
    renegotiationRights: [] as RenegotiationRight[],
  };
  const roles = new Map<string, readonly string[]>();
  const problems: CovenantProblem[] = [];
  blocks.forEach((block, index) => {
    const problem = (line: number, message: string) => problems.push({ line, message });
    // Past the limit, the first block over it is named once for all the rest (a flood of blocks must not flood CI's output).
    if (index > AGREEMENT_LIMITS.blocks) return;
    if (index === AGREEMENT_LIMITS.blocks)
      return problem(
        block.fenceLine,
        `a covenant holds at most ${AGREEMENT_LIMITS.blocks} \`\`\`accord blocks; this one and the ${blocks.length - index - 1} after it are not read: join them into earlier blocks`,
      );
    if (!block.closed) return problem(block.fenceLine, 'this ```accord block is not closed: add a line with ``` after its last line');
    if (block.body.length > AGREEMENT_LIMITS.blockChars)
      return problem(block.fenceLine, `this \`\`\`accord block is longer than ${AGREEMENT_LIMITS.blockChars / 1024} KiB: split it, or move prose out of it`);
    if (flowDepth(block.body) > AGREEMENT_LIMITS.nesting)
      return problem(block.fenceLine, `this \`\`\`accord block nests brackets more than ${AGREEMENT_LIMITS.nesting} deep: write its lists as "- " items`);
    const colons = block.body.split(':').length - 1;
    if (colons > AGREEMENT_LIMITS.colons)
      return problem(
        block.fenceLine,
        `this \`\`\`accord block holds ${colons} colons (keys), more than the ${AGREEMENT_LIMITS.colons} a covenant needs: split it, or move prose out of it`,
      );
    const deep = block.body.split('\n').findIndex((line) => /^\s*/.exec(line)![0].length > AGREEMENT_LIMITS.indent);
    if (deep >= 0) return problem(block.fenceLine + 1 + deep, `this line is indented more than ${AGREEMENT_LIMITS.indent} spaces: agreements need far less`);
    readBlock(block, rules, roles, problem);
  });
  rules.escalation.sort((a, b) => a.after - b.after || a.line - b.line);
  return { ...rules, roles, problems, blocks: blocks.length };
}

type Sink = { agreements: Agreement[]; notMeasured: NotMeasured[]; escalation: EscalationStep[]; renegotiationRights: RenegotiationRight[] };

function readBlock(block: AccordBlock, rules: Sink, roles: Map<string, readonly string[]>, problem: (line: number, message: string) => void): void {
  const counter = new LineCounter();
  const doc = parseDocument(block.body, { version: '1.2', schema: 'core', lineCounter: counter, uniqueKeys: true, prettyErrors: false, strict: true });
  const lineAt = (offset: number) => block.fenceLine + counter.linePos(offset).line;
  let readable = doc.errors.length === 0;
  for (const error of doc.errors) problem(lineAt(error.pos[0]), yamlMessage(error.code, error.message));
  visit(doc, {
    Alias(_, node) {
      readable = false;
      problem(lineAt(node.range?.[0] ?? 0), `Accord does not follow YAML aliases (*${node.source}): write the value out`);
      return visit.BREAK;
    },
    Node(_, node) {
      if (isAlias(node)) return;
      if (node.tag) {
        readable = false;
        problem(lineAt(node.range?.[0] ?? 0), `Accord reads plain values only: remove the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')}`);
        return visit.BREAK;
      }
      // YAML 1.2 reads 0x4, 0o4, 4e0 and +4 as numbers; a person reading the covenant may not.
      if (!isScalar(node) || typeof node.value !== 'number' || /^-?\d+(\.\d+)?$/.test(node.source ?? '')) return;
      readable = false;
      problem(lineAt(node.range?.[0] ?? 0), `write the number ${node.source ?? ''} in plain digits, like 4`);
      return visit.BREAK;
    },
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'string' && !['__proto__', 'constructor', 'prototype'].includes(key.value)) return;
      readable = false;
      problem(lineAt(isNode(key) ? (key.range?.[0] ?? 0) : 0), 'a key here must be a plain word, like kind or target');
      return visit.BREAK;
    },
  });
  if (!readable) return;
  const value = doc.toJS({ maxAliasCount: 0 }) as unknown;
  if (value === null || value === undefined) return;
  const top = v.safeParse(BlockSchema, value);
  if (!top.success) {
    for (const issue of top.issues)
      problem(lineOf(doc, lineAt, issue.path), describeIssue(issue, 'in an ```accord block', 'roles, agreements, escalation, decisions'));
    return;
  }
  const where = (path: readonly (string | number)[]) =>
    lineOf(
      doc,
      lineAt,
      path.map((key) => ({ key })),
    );
  // Roles are read without regard to case, as `everyone` is: `Mentor` and `mentor` are one role.
  for (const [role, written] of Object.entries(top.output.roles ?? {})) {
    const key = foldName(role);
    const who = v.safeParse(names, written);
    if (!ROLE_NAME.test(role)) problem(where(['roles', role]), `"${role}" is not a role name: use a word like mentor or tech-lead (letters, digits, - or _)`);
    else if (!who.success)
      problem(lineOf(doc, lineAt, [...keys(['roles', role]), ...(who.issues[0]!.path ?? [])]), describeIssue(who.issues[0]!, `in the role "${role}"`, ''));
    else if (key === 'everyone' || roles.has(key))
      problem(where(['roles', role]), `the role "${role}" is ${key === 'everyone' ? 'a word Accord keeps for everyone' : 'named twice'}: give it another name`);
    else roles.set(key, typeof who.output === 'string' ? [who.output] : who.output);
  }
  (top.output.agreements ?? []).forEach((item, i) => readAgreement(item, where(['agreements', i]), doc, lineAt, ['agreements', i], rules));
  (top.output.escalation ?? []).forEach((item, i) => {
    const parsed = v.safeParse(EscalationSchema, item);
    if (!parsed.success)
      return problem(
        lineOf(doc, lineAt, [...keys(['escalation', i]), ...(parsed.issues[0]!.path ?? [])]),
        describeIssue(parsed.issues[0]!, 'in an escalation step', 'after, step, say'),
      );
    const line = where(['escalation', i]);
    const same = rules.escalation.find((s) => s.after === parsed.output.after);
    if (same)
      return problem(line, `another step (line ${same.line}) is already after ${parsed.output.after} working days: give each step its own number of days`);
    rules.escalation.push({ after: parsed.output.after, step: parsed.output.step, ...(parsed.output.say ? { say: parsed.output.say } : {}), line });
  });
  (top.output.decisions?.renegotiations ?? []).forEach((item, i) => {
    const path = ['decisions', 'renegotiations', i];
    const parsed = v.safeParse(RightSchema, item);
    if (!parsed.success)
      return problem(
        lineOf(doc, lineAt, [...keys(path), ...(parsed.issues[0]!.path ?? [])]),
        describeIssue(parsed.issues[0]!, 'in a renegotiation rule', 'accepts, for, changes'),
      );
    rules.renegotiationRights.push({
      accepts: who(parsed.output.accepts),
      for: who(parsed.output.for),
      // Each change once, in the order of RENEGOTIATION_CHANGES: [due, due, due] is a rule about dates.
      changes: RENEGOTIATION_CHANGES.filter((c) => (parsed.output.changes ?? RENEGOTIATION_CHANGES).includes(c)),
      line: where(path),
    });
  });
}

function readAgreement(item: unknown, line: number, doc: Document, lineAt: (offset: number) => number, path: (string | number)[], rules: Sink): void {
  const record = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
  const kind = typeof record?.kind === 'string' ? record.kind : undefined;
  const label = typeof record?.label === 'string' && record.label.length <= AGREEMENT_LIMITS.text ? record.label : undefined;
  const skip = (reason: string, at = line): void => {
    rules.notMeasured.push({ line: at, ...(kind !== undefined ? { kind } : {}), ...(label !== undefined ? { label } : {}), reason });
  };
  const known = `known: ${AGREEMENT_KINDS.join(', ')}`;
  if (!record) return skip('an agreement is a set of keys, like "- kind: check-ins-per-week" with "target: 4" on the next line');
  if (kind === undefined) return skip(`it has no kind: add one, like "kind: check-ins-per-week" (${known})`);
  if (!(AGREEMENT_KINDS as readonly string[]).includes(kind)) return skip(`Accord does not know kind "${kind.slice(0, AGREEMENT_LIMITS.text)}" (${known})`);
  const parsed = v.safeParse(AGREEMENT_SCHEMAS[kind as AgreementKind], record);
  if (!parsed.success) {
    const issue = parsed.issues[0]!;
    const field = issue.path?.[0]?.key;
    const target = AGREEMENT_TARGETS[kind as AgreementKind];
    const noTarget = field === 'target' && !target;
    const missingTarget = field === 'target' && target && issue.received === 'undefined';
    const fields = `kind, ${target ? 'target, ' : ''}who, label`;
    return skip(
      noTarget
        ? `${kind} counts each one and takes no target: remove "target"`
        : missingTarget
          ? `"target" is missing: add the number of ${target.unit}, like "target: ${Math.max(1, target.min)}"`
          : describeIssue(issue, `in a ${kind} agreement`, fields),
      lineOf(doc, lineAt, [...keys(path), ...(issue.path ?? [])]),
    );
  }
  const out = parsed.output as { target?: number; who?: string | string[]; label?: string };
  rules.agreements.push({
    kind: kind as AgreementKind,
    ...(out.target !== undefined ? { target: out.target } : {}),
    who: who(out.who ?? 'everyone'),
    ...(out.label ? { label: out.label } : {}),
    line,
  });
}

function who(value: string | readonly string[]): Who {
  const list = typeof value === 'string' ? [value] : value;
  return list.some((n) => n.toLowerCase() === 'everyone') ? 'everyone' : list;
}

function keys(path: readonly (string | number)[]): { key: unknown }[] {
  return path.map((key) => ({ key }));
}

/** The covenant line of the deepest node of `path` that exists (an unknown key: that key's own line). */
function lineOf(doc: Document, lineAt: (offset: number) => number, path: readonly { key?: unknown }[] | undefined): number {
  const at = (path ?? []).map((item) => item.key as string | number);
  for (let n = at.length; n >= 0; n--) {
    const parent = doc.getIn(at.slice(0, n - 1), true);
    const key =
      n > 0 && isNode(parent) && 'items' in parent
        ? (parent.items as unknown[]).find((p) => isPair(p) && isScalar(p.key) && p.key.value === at[n - 1])
        : undefined;
    const node = key && isPair(key) ? key.key : doc.getIn(at.slice(0, n), true);
    if (isNode(node) && node.range) return lineAt(node.range[0]);
  }
  return lineAt(0);
}

/** One valibot issue as the fix a person can make: `target: expected a whole number of working days from 0 to 20, got "two"`. */
function describeIssue(issue: v.BaseIssue<unknown>, where: string, known: string): string {
  const field = issue.path
    ?.map((item) => item.key)
    .filter((key) => typeof key === 'string')
    .pop() as string | undefined;
  if (issue.received === 'undefined' && field !== undefined) return `"${field}" is missing ${where}: add it`;
  if (issue.type === 'strict_object' && field !== undefined) return `Accord does not know "${field.slice(0, 60)}" ${where} (known: ${known})`;
  return `${field !== undefined ? `${field}: ` : ''}${expectedWords(issue)}`;
}

/**
 * A name as compared, and how a role's name is looked up (CovenantRules.roles keys): NFC, runs
 * of white space (a doubled or non-breaking space) as one space, trimmed, case folded without a
 * locale (upper then lower case, so "ß" and "SS" meet).
 */
export function foldName(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim().toUpperCase().toLowerCase();
}
