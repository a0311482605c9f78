import type { HandlerTable } from '../commands/handler';

/** Command handlers for feedback, setbacks, the covenant and the calendar (issue 6). */
export const relationshipHandlers: HandlerTable = {};
