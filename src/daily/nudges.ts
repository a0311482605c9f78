/** Nudge settings and memory: cadence (team, with a personal override), style, snooze. */
import * as vscode from 'vscode';
import { type Cadence, type NudgeStyle, parseTimes, type TeamState } from '../core';

const SNOOZE_KEY = 'accord.snoozedUntil';
const NOTIFIED_KEY = 'accord.notifiedMoment';
const BLOCKED_KEY = 'accord.blockedSaidAt';
const SKIPPED_KEY = 'accord.skippedDay';
/** How many blocked check-ins are remembered (the oldest forgotten first). */
const MAX_BLOCKED = 200;

export function nudgeStyle(): NudgeStyle {
  const value = vscode.workspace.getConfiguration('accord').get<string>('nudges', 'statusBar');
  return value === 'notification' || value === 'off' ? value : 'statusBar';
}

/** The team's cadence from the shared data, with this person's check-in times from settings if set. */
export function cadenceFor(state: TeamState): Cadence {
  const personal = parseTimes(vscode.workspace.getConfiguration('accord').get<string[]>('checkInTimes', []));
  return { times: personal?.length ? personal : state.team.checkInTimes, workingDays: state.team.workingDays };
}

export class NudgeMemory {
  constructor(private readonly memento: vscode.Memento) {}

  get snoozedUntil(): Date | undefined {
    const value = this.memento.get<string>(SNOOZE_KEY);
    return value ? new Date(value) : undefined;
  }

  async snooze(until: Date): Promise<void> {
    await this.memento.update(SNOOZE_KEY, until.toISOString());
  }

  /** The local day (`YYYY-MM-DD`, my zone) whose check-in I skipped while working (Skip Today), if any. */
  get skippedDay(): string | undefined {
    return this.memento.get<string>(SKIPPED_KEY);
  }

  /** Skip Today, working: no check-in nudge on `day` (my own `YYYY-MM-DD`); it is simply no check-in, never written to the team's files. */
  async skipDay(day: string): Promise<void> {
    await this.memento.update(SKIPPED_KEY, day);
  }

  /**
   * Whether the nudge for `moment` names the blocked check-in `checkIn`: yes at the first nudge
   * moment it is asked for (remembered), and for that moment only, so each block is said at one
   * nudge and never again.
   */
  sayBlockedAt(checkIn: string, moment: Date): boolean {
    const said = this.memento.get<Record<string, string>>(BLOCKED_KEY, {});
    const key = moment.toISOString();
    if (said[checkIn] !== undefined) return said[checkIn] === key;
    const kept = Object.entries(said).slice(-(MAX_BLOCKED - 1));
    void this.memento.update(BLOCKED_KEY, Object.fromEntries([...kept, [checkIn, key]]));
    return true;
  }

  /** True the first time it is asked for a moment: at most one notification per due moment. */
  async claimNotification(moment: Date): Promise<boolean> {
    const key = moment.toISOString();
    if (this.memento.get<string>(NOTIFIED_KEY) === key) return false;
    await this.memento.update(NOTIFIED_KEY, key);
    return true;
  }
}
