/** The team feature: Set Up, goals and micro-goals, Show Data Problems and Switch Team. */
export { teamHandlers } from './commands';
