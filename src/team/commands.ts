/** Command handlers for the team itself: Set Up, goals and micro-goals, holidays, the data's problems, and which team is shown. */
import { type HandlerTable, needsFolder, needsMember, needsWritable } from '../commands/handler';
import { Commands } from '../commands/ids';
import { pickTeam } from '../workspace/teams';
import { addGoal } from './addGoal';
import { addMicroGoal } from './addMicroGoal';
import { addHoliday, importHolidays, removeHoliday } from './holidays';
import { setUp } from './setUp';
import { showDataProblems } from './showDataProblems';
import { archiveHistory } from './archiveHistory';

export const teamHandlers: HandlerTable = {
  [Commands.setUp]: needsFolder(setUp),
  [Commands.addGoal]: needsMember(addGoal),
  [Commands.addMicroGoal]: needsMember(addMicroGoal),
  [Commands.refresh]: needsFolder((ctx) => ctx.workspace.reload()),
  [Commands.showDataProblems]: needsFolder(showDataProblems),
  [Commands.archiveHistory]: needsWritable(archiveHistory),
  [Commands.switchTeam]: needsFolder((ctx) => ctx.teams && pickTeam(ctx.teams)),
  [Commands.addHoliday]: needsWritable((ctx) => addHoliday(ctx, 'team')),
  [Commands.removeHoliday]: needsWritable((ctx) => removeHoliday(ctx, 'team')),
  [Commands.importHolidays]: needsWritable((ctx, target) => importHolidays(ctx, target)),
  [Commands.addRegionalHoliday]: needsWritable((ctx) => addHoliday(ctx, 'mine')),
  [Commands.removeRegionalHoliday]: needsWritable((ctx) => removeHoliday(ctx, 'mine')),
};
