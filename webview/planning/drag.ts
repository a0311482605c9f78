/**
 * Drag to reorder the backlog. A row becomes draggable only while its handle is held, so
 * text in its fields can still be selected; the drop line is drawn with classes, without a
 * redraw, and the drop is one `move` like the keyboard's.
 */
import type { Props } from './model';

export interface DragHandlers {
  arm(event: PointerEvent): void;
  start(event: DragEvent): void;
  over(event: DragEvent): void;
  leave(event: DragEvent): void;
  drop(event: DragEvent): void;
  end(event: DragEvent): void;
}

const MIME = 'application/x-accord-backlog-item';

function rowOf(event: Event): HTMLElement | null {
  return (event.currentTarget as HTMLElement | null)?.closest<HTMLElement>('[data-item]') ?? null;
}

function clearMarks(list: Element | null | undefined): void {
  list?.querySelectorAll('.drop-before, .drop-after, .dragging').forEach((el) => el.classList.remove('drop-before', 'drop-after', 'dragging'));
}

/** Whether the pointer is in the lower half of the row: drop after it. */
function isAfter(event: DragEvent, row: HTMLElement): boolean {
  const rect = row.getBoundingClientRect();
  return event.clientY > rect.top + rect.height / 2;
}

export function dragHandlers(props: Props, id: string): DragHandlers {
  return {
    arm(event) {
      if (props.view.readOnly) return;
      const row = rowOf(event);
      if (!row) return;
      row.draggable = true;
      // Disarm if the press ends without a drag.
      window.addEventListener('pointerup', () => (row.draggable = false), { once: true });
    },
    start(event) {
      const row = rowOf(event);
      if (!row?.draggable || !event.dataTransfer) return;
      props.ui.dragging = id;
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(MIME, id);
      event.dataTransfer.setData('text/plain', row.querySelector('[data-testid="item-title"]')?.textContent ?? '');
      row.classList.add('dragging');
    },
    over(event) {
      const row = rowOf(event);
      if (!row || props.ui.dragging === undefined) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      const after = isAfter(event, row);
      row.classList.toggle('drop-after', after);
      row.classList.toggle('drop-before', !after);
    },
    leave(event) {
      rowOf(event)?.classList.remove('drop-before', 'drop-after');
    },
    drop(event) {
      const row = rowOf(event);
      const dragged = props.ui.dragging;
      if (!row || dragged === undefined) return;
      event.preventDefault();
      const list = props.view.backlog;
      const from = list.findIndex((i) => i.id === dragged);
      const over = list.findIndex((i) => i.id === id);
      clearMarks(row.parentElement);
      if (from < 0 || over < 0) return;
      const insertAt = over + (isAfter(event, row) ? 1 : 0);
      props.act.move(dragged, insertAt > from ? insertAt - 1 : insertAt, 'drag');
    },
    end(event) {
      const row = rowOf(event);
      props.ui.dragging = undefined;
      if (row) row.draggable = false;
      clearMarks(row?.parentElement);
    },
  };
}
