/** The planning session: its panel (at most one), its draft kept between reloads, and its commands. */
export { planningHandlers } from './commands';
export { createPlanningPanels, PlanningPanels } from './panels';
export { type AgendaItem, PlanningAgenda } from './draftStore';
