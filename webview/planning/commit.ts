/** Commit: what the cycle holds, who took part, then start it, export the summary. */
import { html, nothing, type TemplateResult } from 'lit';
import { count, hours, nameOf, shortDay } from '../format';
import { dataText, safeText } from '../dataText';
import { icon } from '../icons';
import { checkedOf, participantsOf, type Props } from './model';

export function commitStep(props: Props): TemplateResult {
  const { view, ui, act } = props;
  if (view.committed) return committed(props);
  const planned = view.backlog.filter((i) => i.inCycle);
  const chosen = new Set(participantsOf(props));
  const unestimated = planned.filter((i) => i.estimateHours === undefined).length;
  const undated = planned.filter((i) => !i.due).length;
  return html`
    <h2 id="step-title" tabindex="-1">Commit to the cycle</h2>
    <p class="lead">${shortDay(view.cycle.start)} to ${shortDay(view.cycle.end)}: ${count(planned.length, 'micro-goal')} between you.</p>
    <div class="columns">
      <section class="card" aria-labelledby="commit-plan-title">
        <h3 id="commit-plan-title">In this cycle</h3>
        ${
          planned.length === 0
            ? html`<p class="empty">
                Nothing is ticked for this cycle yet. Go back to Plan and tick what you will take on; a session with no commitments is fine too.
              </p>`
            : html`<ol class="commit-list">
                ${planned.map(
                  (i) =>
                    html`<li>
                      <span class="item-title">${dataText(i.title)}</span>
                      <span class="meta"
                        >${nameOf(view.members, i.owner)}${i.estimateHours !== undefined ? ` · ${hours(i.estimateHours)}` : ''} ·
                        ${i.due ? `due ${shortDay(i.due)}` : `due ${shortDay(view.cycle.end)} (end of cycle)`}</span
                      >
                    </li>`,
                )}
              </ol>`
        }
        ${
          unestimated || undated
            ? html`<p class="meta">
                ${unestimated ? `${count(unestimated, 'micro-goal')} without an estimate. ` : ''}${undated ? `${count(undated, 'micro-goal')} without a date will be due on the cycle’s last day.` : ''}
              </p>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="commit-people-title">
        <h3 id="commit-people-title">Load and capacity</h3>
        <ul class="plain">
          ${view.capacity.map(
            (c) =>
              html`<li>
                <span class="name">${nameOf(view.members, c.member)}</span>
                <span class="meta">${hours(c.loadHours)}${c.capacityHours !== undefined ? ` of ${hours(c.capacityHours)}` : ''}</span>
              </li>`,
          )}
        </ul>
        ${view.warnings.map((w) => html`<p class="warning">${icon('warning')}<span>${safeText(w)}. You can still start the cycle; it may help to agree now what gives way if time runs short.</span></p>`)}
        <fieldset class="participants">
          <legend>Who took part</legend>
          ${view.members.map(
            (m) =>
              html`<vscode-checkbox
                data-testid="participant"
                label=${m.me ? `${safeText(m.name)} (you)` : safeText(m.name)}
                .checked=${chosen.has(m.id)}
                @change=${(e: Event) => act.setParticipant(m.id, checkedOf(e))}
              ></vscode-checkbox>`,
          )}
        </fieldset>
      </section>
    </div>
    <div class="commit-actions">
      <vscode-button data-testid="commit" ?disabled=${view.readOnly || ui.committing} @click=${act.commit}>
        ${icon('check', 'icon button-icon')} ${ui.committing ? 'Starting…' : 'Start the cycle'}
      </vscode-button>
      <vscode-button secondary data-testid="export" @click=${act.exportSummary}>${icon('export', 'icon button-icon')} Export draft summary</vscode-button>
      <span class="meta">Starting saves the micro-goals and a session record in your own file, ready to share through git.</span>
    </div>
  `;
}

function committed(props: Props): TemplateResult {
  const { view, act } = props;
  const done = view.committed!;
  return html`
    <h2 id="step-title" tabindex="-1">The cycle has started</h2>
    <div class="success card" role="status" data-testid="committed">
      ${icon('pass', 'icon success-icon')}
      <div>
        <p class="success-title">${count(done.count, 'micro-goal')} for ${shortDay(done.cycleStart)} to ${shortDay(done.cycleEnd)}.</p>
        <p>They are in the Micro-goals view now. Share your changes through git so your partner sees the plan too. Good luck, and enjoy the cycle.</p>
      </div>
    </div>
    <div class="commit-actions">
      <vscode-button data-testid="export" @click=${act.exportSummary}>${icon('export', 'icon button-icon')} Export summary as markdown</vscode-button>
      <vscode-button secondary data-testid="open-dashboard" @click=${act.openDashboard}>${icon('graph', 'icon button-icon')} Open dashboard</vscode-button>
    </div>
  `;
}
