import { type HandlerTable, needsFolder, needsMember, needsWritable } from '../commands/handler';
import { Commands } from '../commands/ids';
import { exportCalendar } from './calendar';
import { acknowledgeCovenant, openCovenant } from './covenant';
import { acknowledgeFeedback, giveFeedback } from './feedback';
import { sendKudos } from './kudos';
import { searchLessonsCommand } from './lessons';
import { practiceFeedback } from './practice';
import { logSetback, reviewFollowUp } from './setbacks';

/** Command handlers for feedback, setbacks, the covenant and the calendar (issue 6). */
export const relationshipHandlers: HandlerTable = {
  [Commands.giveFeedback]: needsMember(giveFeedback),
  [Commands.acknowledgeFeedback]: needsWritable(acknowledgeFeedback),
  [Commands.sendKudos]: needsWritable(sendKudos),
  [Commands.logSetback]: needsWritable(logSetback),
  [Commands.reviewFollowUp]: needsWritable(reviewFollowUp),
  [Commands.searchLessons]: needsFolder(searchLessonsCommand),
  [Commands.openCovenant]: needsFolder(openCovenant),
  [Commands.acknowledgeCovenant]: needsWritable(acknowledgeCovenant),
  [Commands.exportCalendar]: needsFolder(exportCalendar),
  [Commands.practiceFeedback]: needsFolder(practiceFeedback),
};
