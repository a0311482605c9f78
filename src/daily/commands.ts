import type { HandlerTable } from '../commands/handler';

/** Command handlers for the daily loop (issue 4). */
export const dailyHandlers: HandlerTable = {};
