/**
 * The second gate for a webview message, after the protocol's shape check: does it make
 * sense against the team's data right now? Ids must name items in the backlog, owners must
 * be members, goals must exist. Returns why not, or undefined when the message may proceed.
 */
import { memberEntityId, type TeamState } from '../core';
import type { PlanDraftModel } from './draft';
import type { WebviewMessage } from '../panels/protocol';

export interface CheckContext {
  state: TeamState;
  draft: PlanDraftModel;
  me: string | undefined;
  readOnly: boolean;
}

const WRITES: ReadonlySet<WebviewMessage['type']> = new Set(['reflect', 'move', 'update', 'add', 'remove', 'commit']);

export function checkMessage(message: WebviewMessage, ctx: CheckContext): string | undefined {
  const { state, draft } = ctx;
  if (WRITES.has(message.type)) {
    if (ctx.readOnly) return 'Accord is read-only in Restricted Mode';
    if (!ctx.me) return 'Accord does not know who you are yet';
  }
  const isMember = (id: string) => state.entities.member.has(memberEntityId(id));
  const goalExists = (id: string) => state.entities.goal.has(id);
  switch (message.type) {
    case 'move':
    case 'remove':
    case 'update': {
      if (!draft.has(state, message.id)) return `no micro-goal ${message.id} in the backlog`;
      if (message.type === 'remove' && !draft.isNew(message.id)) return 'only micro-goals added in this session can be removed';
      if (message.type === 'update') {
        const { owner, goal } = message.change;
        if (owner !== undefined && !isMember(owner)) return `${owner} is not a member of this team`;
        if (goal !== undefined && goal !== null && !goalExists(goal)) return `no goal ${goal}`;
      }
      return undefined;
    }
    case 'add': {
      if (message.owner !== undefined && !isMember(message.owner)) return `${message.owner} is not a member of this team`;
      if (message.goal !== undefined && !goalExists(message.goal)) return `no goal ${message.goal}`;
      return undefined;
    }
    case 'commit': {
      const stranger = message.participants.find((p) => !isMember(p));
      if (stranger) return `${stranger} is not a member of this team`;
      if (draft.clashes(state).length) return 'the plan holds a new micro-goal whose id is already taken; add it again';
      const committed = draft.backlog(state).filter((i) => i.inCycle).length;
      if (committed > 500) return 'a cycle can hold at most 500 micro-goals';
      return undefined;
    }
    default:
      return undefined;
  }
}
