import type { HandlerTable } from '../commands/handler';

/** Command handlers for planning sessions and the dashboard (issue 5). */
export const planningHandlers: HandlerTable = {};
