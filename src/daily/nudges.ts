/** Nudge settings and memory: cadence (team, with a personal override), style, snooze. */
import * as vscode from 'vscode';
import { type Cadence, type NudgeStyle, parseTimes, type TeamState } from '../core';

const SNOOZE_KEY = 'accord.snoozedUntil';
const NOTIFIED_KEY = 'accord.notifiedMoment';

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

  /** True the first time it is asked for a moment: at most one notification per due moment. */
  async claimNotification(moment: Date): Promise<boolean> {
    const key = moment.toISOString();
    if (this.memento.get<string>(NOTIFIED_KEY) === key) return false;
    await this.memento.update(NOTIFIED_KEY, key);
    return true;
  }
}
