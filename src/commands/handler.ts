import type { CommandContext } from './context';
import type { CommandId } from './ids';

/** A command handler receives the services first, then VS Code's arguments. */
export type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** The handlers one feature contributes; `registerCommands` joins every feature's table. */
export type HandlerTable = Partial<Record<CommandId, Handler>>;
