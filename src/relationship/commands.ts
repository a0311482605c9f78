import type { HandlerTable } from '../commands/handler';
import { Commands } from '../commands/ids';
import { exportCalendar } from './calendar';
import { acknowledgeCovenant, openCovenant } from './covenant';
import { acknowledgeFeedback, giveFeedback } from './feedback';
import { sendKudos } from './kudos';
import { searchLessonsCommand } from './lessons';
import { logSetback, reviewFollowUp } from './setbacks';

/** Command handlers for feedback, setbacks, the covenant and the calendar (issue 6). */
export const relationshipHandlers: HandlerTable = {
  [Commands.giveFeedback]: giveFeedback,
  [Commands.acknowledgeFeedback]: acknowledgeFeedback,
  [Commands.sendKudos]: sendKudos,
  [Commands.logSetback]: logSetback,
  [Commands.reviewFollowUp]: reviewFollowUp,
  [Commands.searchLessons]: searchLessonsCommand,
  [Commands.openCovenant]: openCovenant,
  [Commands.acknowledgeCovenant]: acknowledgeCovenant,
  [Commands.exportCalendar]: exportCalendar,
};
