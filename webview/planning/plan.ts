/**
 * Plan: the prioritized backlog (drag, Alt+Up/Down, or the arrow buttons to reorder), each
 * micro-goal's owner, estimate, due date and goal, and every member's capacity for the cycle
 * against what is assigned to them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { BacklogItemView, CapacityView, PlanningView } from '../../src/panels/protocol';
import { count, hours, nameOf, shortDay } from '../format';
import { dataText, safeText } from '../dataText';
import { cssProps } from '../cssProps';
import { icon } from '../icons';
import { dragHandlers } from './drag';
import { checkedOf, type Props, valueOf } from './model';

export function planStep(props: Props): TemplateResult {
  const { view } = props;
  const planned = view.backlog.filter((i) => i.inCycle);
  return html`
    <h2 id="step-title" tabindex="-1">Plan the next cycle</h2>
    <p class="lead">
      Highest priority first. Drag a row by its handle, or press <kbd>Alt</kbd>+<kbd>↑</kbd> / <kbd>Alt</kbd>+<kbd>↓</kbd> in it. Tick what belongs in this
      cycle.
    </p>
    <div class="plan-layout">
      <section class="backlog" aria-labelledby="backlog-title">
        <div class="section-head">
          <h3 id="backlog-title">Backlog</h3>
          <span class="meta">${count(planned.length, 'micro-goal')} in this cycle · ${view.backlog.length} in all</span>
        </div>
        ${addForm(props)}
        ${
          view.backlog.length === 0
            ? html`<p class="empty">The backlog is empty. Add the first micro-goal above: something small you can finish in a day.</p>`
            : html`<ol class="backlog-list" aria-label="Backlog, highest priority first" data-testid="backlog">
                ${repeat(
                  view.backlog,
                  (item) => item.id,
                  (item, index) => row(props, item, index),
                )}
              </ol>`
        }
      </section>
      <aside class="capacity card" aria-labelledby="capacity-title">${capacityPanel(view)}</aside>
    </div>
  `;
}

function addForm(props: Props): TemplateResult {
  const submitFrom = (element: EventTarget | null) => {
    const field = (element as HTMLElement | null)?.closest('form')?.querySelector<HTMLElement & { value: string }>('vscode-textfield');
    const title = field?.value.trim() ?? '';
    if (!field || !title) return;
    props.act.add(title.slice(0, 300));
    field.value = '';
  };
  return html`<form
    class="add-form"
    @submit=${(e: Event) => {
      e.preventDefault();
      submitFrom(e.currentTarget);
    }}
  >
    <vscode-textfield
      class="add-title"
      data-testid="add-title"
      placeholder="Add a micro-goal: something you can finish in a day"
      aria-label="New micro-goal"
      maxlength="300"
      ?disabled=${props.view.readOnly}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && submitFrom(e.target)}
    ></vscode-textfield>
    <vscode-button data-testid="add" ?disabled=${props.view.readOnly} @click=${(e: Event) => submitFrom(e.target)}
      >${icon('add', 'icon button-icon')} Add</vscode-button
    >
  </form>`;
}

function row(props: Props, item: BacklogItemView, index: number): TemplateResult {
  const { view, act, ui } = props;
  const last = view.backlog.length - 1;
  const disabled = view.readOnly;
  const expanded = ui.expanded.has(item.id);
  const goal = item.goal ? view.goals.find((g) => g.id === item.goal)?.title : undefined;
  const drag = dragHandlers(props, item.id);
  const onKey = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || disabled) return;
    e.preventDefault();
    e.stopPropagation();
    act.move(item.id, index + (e.key === 'ArrowUp' ? -1 : 1), 'keyboard');
  };
  return html`<li
    class="item ${item.inCycle ? 'in-cycle' : 'not-in-cycle'} ${item.isNew ? 'new' : ''}"
    data-item=${item.id}
    data-testid="backlog-item"
    aria-label=${`${index + 1}. ${safeText(item.title)}`}
    @keydown=${{ handleEvent: onKey, capture: true }}
    @dragstart=${drag.start}
    @dragover=${drag.over}
    @dragleave=${drag.leave}
    @drop=${drag.drop}
    @dragend=${drag.end}
  >
    <span class="grip" title="Drag to reorder" aria-hidden="true" @pointerdown=${drag.arm}>${icon('gripper')}</span>
    <span class="rank" aria-hidden="true">${index + 1}</span>
    <div class="item-main">
      <div class="item-head">
        <button
          class="expander"
          data-focus="expand"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-label=${`${expanded ? 'Hide' : 'Show'} details of “${safeText(item.title)}”`}
          @click=${() => act.toggleExpanded(item.id)}
        >
          ${icon(expanded ? 'chevronDown' : 'chevronRight')}
        </button>
        <span class="item-title" data-testid="item-title">${dataText(item.title)}</span>
        ${item.isNew ? html`<span class="badge">new</span>` : item.changed.length ? html`<span class="badge subtle" title=${`Changed in this session: ${item.changed.join(', ')}`}>edited</span>` : nothing}
        ${goal ? html`<span class="goal-chip" title="Goal">${dataText(goal)}</span>` : nothing}
      </div>
      <div class="item-fields">
        <vscode-single-select
          class="owner"
          data-focus="owner"
          data-testid="owner"
          label=${`Owner of “${safeText(item.title)}”`}
          aria-label=${`Owner of “${safeText(item.title)}”`}
          ?disabled=${disabled}
          .options=${view.members.map((m) => ({ label: safeText(m.name), value: m.id, selected: m.id === item.owner }))}
          .value=${item.owner}
          @change=${(e: Event) => valueOf(e) !== item.owner && act.update(item.id, { owner: valueOf(e) })}
        ></vscode-single-select>
        <vscode-textfield
          class="estimate"
          data-focus="estimate"
          data-testid="estimate"
          type="number"
          min="0"
          max="1000"
          step="0.5"
          placeholder="h"
          aria-label=${`Estimate in hours for “${safeText(item.title)}”`}
          ?disabled=${disabled}
          .value=${item.estimateHours === undefined ? '' : String(item.estimateHours)}
          @change=${(e: Event) => changeEstimate(props, item, e)}
          ><span slot="content-after" class="unit">h</span></vscode-textfield
        >
        <vscode-textfield
          class="due"
          data-focus="due"
          data-testid="due"
          type="date"
          aria-label=${`Due date for “${safeText(item.title)}”`}
          title=${item.due ? `Due ${shortDay(item.due)}` : 'No due date yet: committing gives it the cycle’s last day'}
          ?disabled=${disabled}
          .value=${item.due ?? ''}
          @change=${(e: Event) => act.update(item.id, { due: valueOf(e) || null })}
        ></vscode-textfield>
        <vscode-checkbox
          data-focus="in-cycle"
          data-testid="in-cycle"
          label="In this cycle"
          ?disabled=${disabled}
          .checked=${item.inCycle}
          @change=${(e: Event) => act.update(item.id, { inCycle: checkedOf(e) })}
        ></vscode-checkbox>
      </div>
      ${dueFlag(props, item)} ${expanded ? details(props, item) : nothing}
    </div>
    <div class="item-actions">
      ${moveButton(props, item, index, -1, index === 0 || disabled)} ${moveButton(props, item, index, 1, index === last || disabled)}
      ${
        item.isNew
          ? html`<vscode-button
              secondary
              icon-only
              data-focus="remove"
              aria-label=${`Remove “${item.title}”`}
              title="Remove"
              @click=${() => act.remove(item.id)}
              >${icon('trash')}</vscode-button
            >`
          : nothing
      }
    </div>
  </li>`;
}

/** The due date falls on the owner's away day or a holiday: the reason, and the next working day in one click. */
function dueFlag(props: Props, item: BacklogItemView): TemplateResult | typeof nothing {
  const flag = item.dueFlag;
  if (!flag) return nothing;
  const disabled = props.view.readOnly;
  return html`<p class="due-flag" data-testid="due-flag">
    ${icon('info')}<span>${safeText(flag.words)}.</span>
    ${
      flag.suggested
        ? html`<vscode-button
            secondary
            data-focus="due-flag"
            data-testid="due-flag-move"
            ?disabled=${disabled}
            aria-label=${`Move the due date of “${safeText(item.title)}” to ${shortDay(flag.suggested)}`}
            @click=${() => props.act.update(item.id, { due: flag.suggested! })}
            >Move to ${shortDay(flag.suggested)}</vscode-button
          >`
        : nothing
    }
  </p>`;
}

function moveButton(props: Props, item: BacklogItemView, index: number, step: -1 | 1, disabled: boolean): TemplateResult {
  const up = step < 0;
  return html`<vscode-button
    secondary
    icon-only
    class="move"
    data-focus=${up ? 'up' : 'down'}
    data-testid=${up ? 'move-up' : 'move-down'}
    aria-label=${`Move “${safeText(item.title)}” ${up ? 'up' : 'down'}`}
    aria-keyshortcuts=${up ? 'Alt+ArrowUp' : 'Alt+ArrowDown'}
    title=${up ? 'Move up (Alt+↑)' : 'Move down (Alt+↓)'}
    ?disabled=${disabled}
    @click=${() => props.act.move(item.id, index + step, 'button')}
    >${icon(up ? 'arrowUp' : 'arrowDown')}</vscode-button
  >`;
}

function details(props: Props, item: BacklogItemView): TemplateResult {
  const { view, act } = props;
  return html`<div class="item-details">
    <label class="field-label" for=${`title-${item.id}`}>Title</label>
    <vscode-textfield
      id=${`title-${item.id}`}
      data-focus="title"
      maxlength="300"
      ?disabled=${view.readOnly}
      .value=${item.title}
      @change=${(e: Event) => valueOf(e).trim() && valueOf(e).trim() !== item.title && act.update(item.id, { title: valueOf(e).trim() })}
    ></vscode-textfield>
    <label class="field-label" for=${`goal-${item.id}`}>Goal</label>
    <vscode-single-select
      id=${`goal-${item.id}`}
      data-focus="goal"
      combobox
      label=${`Goal of “${safeText(item.title)}”`}
      ?disabled=${view.readOnly}
      .options=${[{ label: 'No goal', value: '', selected: !item.goal }, ...view.goals.map((g) => ({ label: safeText(g.title), value: g.id, selected: g.id === item.goal }))]}
      .value=${item.goal ?? ''}
      @change=${(e: Event) => act.update(item.id, { goal: valueOf(e) || null })}
    ></vscode-single-select>
  </div>`;
}

function changeEstimate(props: Props, item: BacklogItemView, event: Event): void {
  const text = valueOf(event).trim();
  const target = event.target as HTMLElement & { invalid?: boolean };
  if (text === '') {
    target.invalid = false;
    props.act.update(item.id, { estimateHours: null });
    return;
  }
  const value = Number(text);
  target.invalid = !(Number.isFinite(value) && value >= 0 && value <= 1000);
  if (!target.invalid) props.act.update(item.id, { estimateHours: Math.round(value * 100) / 100 });
}

function capacityPanel(view: PlanningView): TemplateResult {
  const unestimated = view.capacity.reduce((n, c) => n + c.unestimated, 0);
  return html`<h3 id="capacity-title">Capacity this cycle</h3>
    <p class="meta">
      Weekly hours for each working day of the cycle a person is there (away days and holidays left out), against the estimates of what they hold.
    </p>
    <ul class="capacity-list">
      ${view.capacity.map((c) => capacityRow(view, c))}
    </ul>
    <div class="warnings" role="status" aria-live="polite" data-testid="capacity-warnings">
      ${view.warnings.map(
        (w) =>
          html`<p class="warning">
            ${icon('warning')}<span
              ><strong>${safeText(w)}.</strong> Moving something to a later cycle, or to someone with room, keeps the plan kind to everyone.</span
            >
          </p>`,
      )}
    </div>
    ${unestimated ? html`<p class="meta">${count(unestimated, 'micro-goal')} in the cycle ${unestimated === 1 ? 'has' : 'have'} no estimate yet.</p>` : nothing}`;
}

function capacityRow(view: PlanningView, c: CapacityView): TemplateResult {
  const capacity = c.capacityHours;
  const scale = Math.max(c.loadHours, capacity ?? 0, 1);
  const text = capacity === undefined ? `${hours(c.loadHours)} (no capacity set)` : `${hours(c.loadHours)} of ${hours(capacity)}`;
  return html`<li class="capacity-row ${c.overBy > 0 ? 'over' : ''}" data-testid="capacity-row">
    <div class="capacity-label"><span class="name">${nameOf(view.members, c.member)}</span><span class="hours">${text}</span></div>
    <p class="capacity-words meta" data-testid="capacity-words">${safeText(c.words)}</p>
    <div
      class="meter"
      role="meter"
      aria-label=${`${nameOf(view.members, c.member)}: load against capacity`}
      aria-valuemin="0"
      aria-valuemax=${String(capacity ?? c.loadHours)}
      aria-valuenow=${String(c.loadHours)}
      aria-valuetext=${text}
    >
      <span class="meter-fill" ${cssProps({ width: `${(Math.min(c.loadHours, capacity ?? c.loadHours) / scale) * 100}%` })}></span>
      ${c.overBy > 0 ? html`<span class="meter-over" ${cssProps({ width: `${(c.overBy / scale) * 100}%` })}></span>` : nothing}
      ${capacity !== undefined ? html`<span class="meter-mark" ${cssProps({ left: `${(capacity / scale) * 100}%` })}></span>` : nothing}
    </div>
  </li>`;
}
