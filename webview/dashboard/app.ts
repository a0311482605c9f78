/** The dashboard's browser side: draws the host's view, redraws when the data changes. */
import { html, nothing, render, type TemplateResult } from 'lit';
import type { DashboardView, HostMessage, PersistedState, StreakView } from '../../src/panels/protocol';
import { count, dayMonth, hours, nameOf, shortDay } from '../format';
import { dataText, safeText } from '../dataText';
import { cssProps } from '../cssProps';
import { icon } from '../icons';
import { capacityChart, doneChart, heatMapChart, outcomesChart, outcomeTotals } from './charts';
import { agreementsSection } from './agreements';

export class DashboardApp {
  /**
   * `view`: the first view, or undefined while the host works it out (a large team's history
   * takes a moment): the page shows a progress ring and says what it is doing until it comes.
   */
  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeWebviewApi,
    private view: DashboardView | undefined,
  ) {
    window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
      if (event.data?.type !== 'dashboard') return;
      this.view = event.data.view;
      this.render();
    });
    const state: PersistedState = { view: 'dashboard' };
    api.setState(state);
    this.render();
    api.postMessage({ type: 'ready' });
  }

  private render(): void {
    if (!this.view) {
      render(loadingTemplate(), this.root);
      return;
    }
    render(
      dashboardTemplate(this.view, () => this.api.postMessage({ type: 'startPlanning' })),
      this.root,
    );
    this.root.removeAttribute('aria-busy');
  }
}

function loadingTemplate(): TemplateResult {
  return html`
    <div class="loading" role="status" data-testid="dashboard-loading">
      <vscode-progress-ring aria-hidden="true"></vscode-progress-ring>
      <p>Reading the team's record…</p>
    </div>
  `;
}

/** While the closed history is read, what the page shows is from the live files: said in a status line, with a small ring. */
function historyNote(history: DashboardView['history']): TemplateResult | typeof nothing {
  if (history === 'reading')
    return html`<div class="history-note" role="status" data-testid="history-reading">
      <vscode-progress-ring aria-hidden="true"></vscode-progress-ring>
      <span>Reading the team's older history: longest streaks, the charts' earlier weeks and the calendar fill in when it is read.</span>
    </div>`;
  if (history === 'unavailable')
    return html`<div class="history-note" role="status" data-testid="history-unavailable">
      ${icon('warning')}<span
        >The team's older history could not be read, so longest streaks and earlier weeks may be missing. Accord: Show Data Problems says why.</span
      >
    </div>`;
  return nothing;
}

function dashboardTemplate(view: DashboardView, startPlanning: () => void): TemplateResult {
  const names = (id: string) =>
    safeText(
      view.streaks.find((s) => s.member === id)?.name ??
        nameOf(
          view.capacity.map((c) => ({ id: c.member, name: c.name })),
          id,
        ),
    );
  const totals = outcomeTotals(view.outcomesPerWeek);
  return html`
    <header class="page-header">
      <div class="title-row">
        <h1>Team dashboard</h1>
        <span class="cycle-pill">${view.cycle.fromSession ? 'Current cycle' : 'Next cycle'}: ${shortDay(view.cycle.start)} – ${shortDay(view.cycle.end)}</span>
        <vscode-button secondary data-testid="start-planning" @click=${startPlanning}>Start planning session</vscode-button>
      </div>
      ${historyNote(view.history)}
    </header>
    <section class="card" aria-labelledby="streaks-title">
      <h2 id="streaks-title">Check-in streaks</h2>
      <p class="meta">Working days in a row with a check-in. Days off never break a streak.</p>
      <ul class="streaks">
        ${view.streaks.map(streakCard)}
      </ul>
    </section>
    ${agreementsSection(view.agreements, 2)} ${evidenceCard(view.evidence, view.donePerWeek.length)}
    <div class="dashboard-grid">
      ${figure(
        'heat',
        'Check-in calendar',
        heatMapChart(view.heatMap),
        weekTable(
          'Check-ins per week',
          ['Check-ins'],
          weeksOf(view.heatMap).map((w) => [w.week, w.count]),
        ),
      )}
      ${figure(
        'done',
        'Micro-goals done per week',
        doneChart(view.donePerWeek),
        weekTable(
          'Micro-goals done per week',
          ['Done'],
          view.donePerWeek.map((w) => [w.week, w.count]),
        ),
      )}
      ${figure(
        'outcomes',
        'On time, renegotiated, past due',
        outcomesChart(view.outcomesPerWeek),
        weekTable(
          'Outcomes by the week they were due',
          ['On time', 'Renegotiated', 'Past due'],
          view.outcomesPerWeek.map((w) => [w.week, w.onTime, w.renegotiated, w.missed]),
        ),
        html`<ul class="legend" aria-hidden="true">
          <li><span class="swatch on-time"></span>On time ${totals.onTime}</li>
          <li><span class="swatch renegotiated"></span>Renegotiated in time ${totals.renegotiated}</li>
          <li><span class="swatch missed"></span>Past due ${totals.missed}</li>
        </ul>`,
      )}
      ${figure(
        'capacity',
        `Load and capacity, ${dayMonth(view.cycle.start)} – ${dayMonth(view.cycle.end)}`,
        capacityChart(view.capacity, names),
        html`<table>
          <caption>
            Load against capacity
          </caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Load</th>
              <th scope="col">Capacity</th>
              <th scope="col">Micro-goals</th>
            </tr>
          </thead>
          <tbody>
            ${view.capacity.map(
              (c) =>
                html`<tr>
                  <td>${names(c.member)}</td>
                  <td>${hours(c.loadHours)}</td>
                  <td>${c.capacityHours === undefined ? 'not set' : hours(c.capacityHours)}</td>
                  <td>${c.items}</td>
                </tr>`,
            )}
          </tbody>
        </table>`,
        view.warnings.length ? html`${view.warnings.map((w) => html`<p class="warning">${icon('warning')}<span>${w}.</span></p>`)}` : nothing,
      )}
    </div>
  `;
}

/** Why there is no evidence to show, in the person's words, for each status but `ready`. */
export const EVIDENCE_ABSENT: Record<Exclude<DashboardView['evidence']['status'], 'ready'>, string> = {
  untrusted: 'Evidence from git appears once you trust this folder: Accord runs no git in Restricted Mode.',
  noGit: 'Evidence comes from commits that name micro-goals, read through VS Code’s git extension, which is off or cannot find git.',
  noRepository: 'Evidence comes from commits that name micro-goals, and this folder is not in a git repository VS Code has open.',
  reading: 'Reading the commits that name micro-goals…',
};

/** The team's finished work with evidence: one share for the team, never a score per person. */
function evidenceCard(evidence: DashboardView['evidence'], weeks: number): TemplateResult {
  const share = evidence.finished ? Math.round((100 * evidence.backed) / evidence.finished) : 0;
  return html`<section class="card evidence-card" aria-labelledby="evidence-title" data-testid="evidence">
    <h2 id="evidence-title">Finished work with evidence</h2>
    ${
      evidence.status !== 'ready'
        ? html`<p class="empty">${EVIDENCE_ABSENT[evidence.status]}</p>`
        : evidence.finished === 0
          ? html`<p class="empty">Nothing was finished in the last ${count(weeks, 'week')}.</p>`
          : html`<div class="evidence-row">
                <div
                  class="meter"
                  role="meter"
                  aria-valuemin="0"
                  aria-valuemax=${evidence.finished}
                  aria-valuenow=${evidence.backed}
                  aria-label=${`${evidence.backed} of ${evidence.finished} finished micro-goals have commits`}
                >
                  <span class="meter-fill" ${cssProps({ 'inline-size': `${share}%` })}></span>
                </div>
                <span class="evidence-share">${share}%</span>
              </div>
              <p class="meta">
                ${evidence.backed} of ${count(evidence.finished, 'micro-goal')} the team finished in the last ${count(weeks, 'week')} have a commit that names
                them (an <code>Accord:</code> or <code>Accord-Done:</code> trailer).
              </p>`
    }
  </section>`;
}

function figure(id: string, title: string, picture: SVGSVGElement, table: TemplateResult, extra: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`<figure class="card chart-card" data-testid=${`chart-${id}`} aria-labelledby=${`fig-${id}`}>
    <figcaption id=${`fig-${id}`}><h2>${title}</h2></figcaption>
    <div class="chart-scroll">${picture}</div>
    <p class="chart-summary" aria-hidden="true">${picture.querySelector('desc')?.textContent ?? ''}</p>
    ${extra}
    <details class="data-table">
      <summary>Show the numbers as a table</summary>
      ${table}
    </details>
  </figure>`;
}

function streakCard(s: StreakView): TemplateResult {
  return html`<li class="streak" data-testid="streak">
    <span class="streak-name">${dataText(s.name)}</span>
    <span class="streak-value">${s.current}</span>
    <span class="streak-unit">${s.current === 1 ? 'working day' : 'working days'} in a row</span>
    <span class="meta">
      ${s.current === 0 ? 'The next check-in starts a new streak. ' : ''}Longest
      ${count(s.longest, 'day')}${s.lastCheckIn ? ` · last check-in ${shortDay(s.lastCheckIn)}` : ''}
    </span>
  </li>`;
}

function weeksOf(heat: DashboardView['heatMap']): { week: string; count: number }[] {
  const out: { week: string; count: number }[] = [];
  for (let w = 0; w * 7 < heat.counts.length; w++) {
    const days = heat.counts.slice(w * 7, w * 7 + 7).filter((n) => n > 0);
    out.push({ week: new Date(Date.parse(`${heat.start}T00:00:00Z`) + w * 7 * 86_400_000).toISOString().slice(0, 10), count: days.reduce((a, b) => a + b, 0) });
  }
  return out;
}

/** A chart's data as a table for screen readers and for reading exact numbers: one row per week ("Week of", then `columns`). */
function weekTable(caption: string, columns: readonly string[], rows: readonly (readonly [week: string, ...counts: number[]])[]): TemplateResult {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Week of</th>
        ${columns.map((column) => html`<th scope="col">${column}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        ([week, ...counts]) =>
          html`<tr>
            <td>${shortDay(week)}</td>
            ${counts.map((count) => html`<td>${count}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
