import * as vscode from 'vscode';
/** Every command id in one place; package.json's `contributes.commands` must match (tested). */
export const Commands = {
  // Foundation
  setUp: 'accord.setUp',
  addGoal: 'accord.addGoal',
  addMicroGoal: 'accord.addMicroGoal',
  refresh: 'accord.refresh',
  showDataProblems: 'accord.showDataProblems',
  archiveHistory: 'accord.archiveHistory',
  switchTeam: 'accord.switchTeam',
  // The daily loop
  checkIn: 'accord.checkIn',
  quickCheckIn: 'accord.quickCheckIn',
  completeMicroGoal: 'accord.completeMicroGoal',
  reopenMicroGoal: 'accord.reopenMicroGoal',
  editMicroGoal: 'accord.editMicroGoal',
  deleteMicroGoal: 'accord.deleteMicroGoal',
  renegotiate: 'accord.renegotiate',
  acceptRenegotiation: 'accord.acceptRenegotiation',
  counterRenegotiation: 'accord.counterRenegotiation',
  withdrawRenegotiation: 'accord.withdrawRenegotiation',
  snoozeNudges: 'accord.snoozeNudges',
  // Away days and skip today (issue 18)
  skipToday: 'accord.skipToday',
  setAway: 'accord.setAway',
  imBack: 'accord.imBack',
  setWorkingHours: 'accord.setWorkingHours',
  shareChanges: 'accord.shareChanges',
  moveDataToBranch: 'accord.moveDataToBranch',
  filterMine: 'accord.filterMine',
  filterPartner: 'accord.filterPartner',
  filterEveryone: 'accord.filterEveryone',
  // The partnership's timeline and answers
  acknowledgeCheckIn: 'accord.acknowledgeCheckIn',
  offerHelp: 'accord.offerHelp',
  answerResponse: 'accord.answerResponse',
  // The covenant's escalation steps (issue 19 §2), from a Follow-ups row
  checkInOnBlocked: 'accord.checkInOnBlocked',
  proposePairing: 'accord.proposePairing',
  addToAgenda: 'accord.addToAgenda',
  openCheckIn: 'accord.openCheckIn',
  filterTimeline: 'accord.filterTimeline',
  timelineWindow: 'accord.timelineWindow',
  markTimelineRead: 'accord.markTimelineRead',
  // Evidence from git
  startWork: 'accord.startWork',
  stopWork: 'accord.stopWork',
  openCommits: 'accord.openCommits',
  completeByCommit: 'accord.completeByCommit',
  // Planning and the dashboard
  startPlanningSession: 'accord.startPlanningSession',
  openDashboard: 'accord.openDashboard',
  exportSessionSummary: 'accord.exportSessionSummary',
  // The relationship
  giveFeedback: 'accord.giveFeedback',
  acknowledgeFeedback: 'accord.acknowledgeFeedback',
  sendKudos: 'accord.sendKudos',
  logSetback: 'accord.logSetback',
  reviewFollowUp: 'accord.reviewFollowUp',
  searchLessons: 'accord.searchLessons',
  openCovenant: 'accord.openCovenant',
  acknowledgeCovenant: 'accord.acknowledgeCovenant',
  exportCalendar: 'accord.exportCalendar',
  practiceFeedback: 'accord.practiceFeedback',
  // Holidays (issue 18 §2)
  addHoliday: 'accord.addHoliday',
  removeHoliday: 'accord.removeHoliday',
  importHolidays: 'accord.importHolidays',
  addRegionalHoliday: 'accord.addRegionalHoliday',
  removeRegionalHoliday: 'accord.removeRegionalHoliday',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * Runs one of Accord's own commands, by its id in {@link Commands}, with `args` after the
 * registrar's context. The only way features run an Accord command, so an id cannot drift from
 * the table. Resolves to what the handler returned.
 */
export function runCommand<T = unknown>(id: CommandId, ...args: unknown[]): Thenable<T | undefined> {
  return vscode.commands.executeCommand<T | undefined>(id, ...args);
}
