/** Command handlers for the team itself: Set Up, goals and micro-goals, the data's problems, and which team is shown. */
import { type HandlerTable, needsFolder, needsMember } from '../commands/handler';
import { Commands } from '../commands/ids';
import { pickTeam } from '../workspace/teams';
import { addGoal } from './addGoal';
import { addMicroGoal } from './addMicroGoal';
import { setUp } from './setUp';
import { showDataProblems } from './showDataProblems';

export const teamHandlers: HandlerTable = {
  [Commands.setUp]: needsFolder(setUp),
  [Commands.addGoal]: needsMember(addGoal),
  [Commands.addMicroGoal]: needsMember(addMicroGoal),
  [Commands.refresh]: needsFolder((ctx) => ctx.workspace.reload()),
  [Commands.showDataProblems]: needsFolder(showDataProblems),
  [Commands.switchTeam]: needsFolder((ctx) => ctx.teams && pickTeam(ctx.teams)),
};
