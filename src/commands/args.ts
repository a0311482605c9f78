/** Reading command arguments: an entity id, or a view node that carries one. */
import { ENTITY_ID_PATTERN, MEMBER_ID_PATTERN, memberIdOf } from '../core';

function field(arg: unknown, name: string): string | undefined {
  if (!arg || typeof arg !== 'object' || !(name in arg)) return undefined;
  const value = (arg as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** `"fb-…"`, or a node such as `{ id: "fb-…" }` (Follow-ups), `{ item: { id } }`, or `{ entry: { entity } }` (Timeline). */
export function entityIdArg(arg: unknown): string | undefined {
  const node = arg as { item?: unknown; entry?: unknown } | undefined;
  const id = typeof arg === 'string' ? arg : (field(arg, 'id') ?? field(node?.item, 'id') ?? field(node?.entry, 'entity'));
  return id !== undefined && ENTITY_ID_PATTERN.test(id) ? id : undefined;
}

/** A goal: an id, or a tree node carrying `goalId` (a goal row of the Micro-goals view). */
export function goalIdArg(arg: unknown): string | undefined {
  const id = typeof arg === 'string' ? arg : field(arg, 'goalId');
  return id !== undefined && ENTITY_ID_PATTERN.test(id) ? id : undefined;
}

/** The goal or micro-goal a setback is about: `{ type: 'microGoal', id }`, `{ goalId }` or an id. */
export function goalOrMicroGoalArg(arg: unknown): string | undefined {
  const id = entityIdArg(arg);
  const goalId = field(arg, 'goalId');
  if (arg && typeof arg === 'object' && field(arg, 'type') === 'goal' && goalId) return goalId;
  return id ?? (goalId !== undefined && ENTITY_ID_PATTERN.test(goalId) ? goalId : undefined);
}

/** A member: `"sam-example.com"`, `"member:sam-example.com"`, or a node `{ member }` / `{ id: "member:…" }`. */
export function memberArg(arg: unknown): string | undefined {
  const raw = typeof arg === 'string' ? arg : (field(arg, 'member') ?? field(arg, 'id'));
  const member = raw === undefined ? undefined : memberIdOf(raw);
  return member !== undefined && MEMBER_ID_PATTERN.test(member) ? member : undefined;
}
