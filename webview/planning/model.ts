/** What the planning templates receive: the host's view, the panel's own UI state, and the actions. */
import type { ItemChange, PlanningView, ReflectionField, Step } from '../../src/panels/protocol';

export interface Ui {
  step: Step;
  notice?: { tone: 'info' | 'warning'; text: string };
  /** Spoken by screen readers (an aria-live region): "Moved … to position 3 of 12". */
  announcement: string;
  /** Reflection text typed but not yet confirmed by the host. */
  pending: Partial<Record<ReflectionField, string>>;
  /** When each field was last saved, `HH:MM` on my own clock (the host works it out in my zone). */
  saved: Partial<Record<ReflectionField, string>>;
  expanded: Set<string>;
  /** Who took part; undefined until someone changes it (then everyone is ticked). */
  participants: Set<string> | undefined;
  committing: boolean;
  /** The backlog item being dragged, while a drag is under way. */
  dragging?: string;
}

export interface Actions {
  goTo(step: Step): void;
  reflect(field: ReflectionField, text: string): void;
  update(id: string, change: ItemChange): void;
  move(id: string, to: number, how: 'keyboard' | 'drag' | 'button'): void;
  add(title: string): void;
  remove(id: string): void;
  toggleExpanded(id: string): void;
  setParticipant(id: string, taking: boolean): void;
  commit(): void;
  exportSummary(): void;
  openDashboard(): void;
  dismissNotice(): void;
}

export interface Props {
  view: PlanningView;
  ui: Ui;
  act: Actions;
}

export const STEP_TITLES: Record<Step, string> = {
  review: 'Review',
  reflect: 'Reflect',
  plan: 'Plan',
  commit: 'Commit',
};

/** The members ticked as taking part. */
export function participantsOf(props: Props): string[] {
  const chosen = props.ui.participants;
  return props.view.members.filter((m) => chosen === undefined || chosen.has(m.id)).map((m) => m.id);
}

/** The value of a form control's change or input event (a vscode-elements control or a native one). */
export function valueOf(event: Event): string {
  return (event.target as { value?: string }).value ?? '';
}

export function checkedOf(event: Event): boolean {
  return (event.target as { checked?: boolean }).checked === true;
}
