/**
 * The Agreements section (issue 19 §1), drawn the same in the dashboard and in the planning
 * Review from protocol.ts AgreementsView: each agreement as a table of people, this cycle, the
 * last and the trend, in the core's words of learning; what Accord could not measure, with the
 * covenant line and the fix; or, without agreements, how to write some.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AgreementPersonView, AgreementsView, AgreementTrend, AgreementView } from '../../src/panels/protocol';
import { dayMonth } from '../format';
import { dataText, safeText } from '../dataText';
import { icon, type IconName } from '../icons';

/** Each trend's icon and its name for a screen reader (the words beside it say the rest). */
const TREND_ICONS: Record<AgreementTrend, { icon: IconName; label: string }> = {
  better: { icon: 'arrowUp', label: 'Up' },
  same: { icon: 'arrowUp', label: 'Level' },
  worse: { icon: 'arrowDown', label: 'Down' },
  new: { icon: 'info', label: 'New' },
  running: { icon: 'info', label: 'Still running' },
};

/**
 * The section, with its title at heading `level` (2 in the dashboard, 3 in the Review, under the
 * step's own heading); each agreement's title one level below.
 */
export function agreementsSection(view: AgreementsView, level: 2 | 3): TemplateResult {
  const sub = level === 2 ? 3 : 4;
  return html`<section class="card agreements" aria-labelledby="agreements-title" data-testid="agreements">
    ${heading(level, 'Agreements', 'agreements-title')} ${view.status === 'ready' ? ready(view, sub) : emptyState(view.status)}
  </section>`;
}

function ready(view: AgreementsView, sub: 3 | 4): TemplateResult {
  const span = (w: { from: string; to: string }) => `${dayMonth(w.from)} – ${dayMonth(w.to)}`;
  return html`<p class="meta">
      How the partnership is living the covenant’s agreements: this cycle so far (${span(view.current)}) beside the last (${span(view.last)}). Something to
      learn from together, never a score.
    </p>
    ${
      view.agreements.length
        ? html`<ul class="agreement-list">
            ${view.agreements.map((a, i) => agreement(a, i, sub, view))}
          </ul>`
        : nothing
    }
    ${view.notMeasured.length ? notMeasured(view, sub) : nothing}`;
}

function agreement(a: AgreementView, index: number, sub: 3 | 4, view: AgreementsView): TemplateResult {
  const id = `agreement-${index}`;
  return html`<li class="agreement" data-testid="agreement">
    <div class="agreement-head">
      ${heading(sub, a.title, id)}
      <span class="agreement-line">covenant.md line ${a.line}</span>
    </div>
    <table class="agreement-table">
      <caption class="sr-only">
        ${dataText(a.title)}: each person, this cycle and the last
      </caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">This cycle <span class="th-days">${dayMonth(view.current.from)} – ${dayMonth(view.current.to)}</span></th>
          <th scope="col">Last cycle <span class="th-days">${dayMonth(view.last.from)} – ${dayMonth(view.last.to)}</span></th>
          <th scope="col">Trend</th>
        </tr>
      </thead>
      <tbody>
        ${a.people.map(personRow)}
      </tbody>
    </table>
    ${a.unknown.length ? html`<p class="meta">Names in “who” that match nobody in the team: ${dataText(a.unknown.join(', '))}.</p>` : nothing}
  </li>`;
}

function personRow(p: AgreementPersonView): TemplateResult {
  const trend = TREND_ICONS[p.trend];
  return html`<tr data-testid="agreement-person">
    <th scope="row" class="person">${dataText(p.name)}</th>
    <td>${p.current}</td>
    <td class="last">${p.last}</td>
    <td>
      <span class="trend trend-${p.trend}"
        ><span class="trend-icon" role="img" aria-label=${`Trend: ${trend.label}`}>${icon(trend.icon)}</span><span>${p.trendWords}</span></span
      >
    </td>
  </tr>`;
}

function notMeasured(view: AgreementsView, sub: 3 | 4): TemplateResult {
  return html`<div class="not-measured" data-testid="agreements-not-measured">
    ${heading(sub, 'Not measured', 'not-measured-title')}
    <p class="meta">Accord could not measure these. Fix the line in covenant.md: this updates when the file is saved.</p>
    <ul aria-labelledby="not-measured-title">
      ${view.notMeasured.map(
        (n) =>
          html`<li>
            ${icon('info', 'icon not-measured-icon')}
            <span
              ><span class="agreement-line">covenant.md line ${n.line}:</span> <span class="not-measured-title">${dataText(n.title)}</span> —
              ${dataText(n.reason)}</span
            >
          </li>`,
      )}
    </ul>
  </div>`;
}

/** Words for a partnership whose covenant has nothing to measure yet: how to add agreements, without running anything. */
export const AGREEMENTS_EMPTY: Record<Exclude<AgreementsView['status'], 'ready'>, string> = {
  noCovenant:
    'No agreements to follow yet. A covenant can hold agreements Accord measures for you, like four check-ins a week or renegotiations answered within two working days.',
  noAgreements:
    'Your covenant has no measurable agreements yet. Add an ```accord block to it, with agreements such as four check-ins a week, and they appear here.',
};

function emptyState(status: Exclude<AgreementsView['status'], 'ready'>): TemplateResult {
  return html`<div class="agreements-empty" data-testid="agreements-empty">
    ${icon('graph', 'icon empty-icon')}
    <div>
      <p>${AGREEMENTS_EMPTY[status]}</p>
      <p class="meta">
        Run <strong>Accord: Open Covenant</strong> from the Command
        Palette${status === 'noCovenant' ? ' to start one: the starter has a block of agreements to make your own.' : ' to edit it.'}
      </p>
    </div>
  </div>`;
}

/** A heading at `level`, its text from the data (an agreement's label) kept as text. */
function heading(level: 2 | 3 | 4, text: string, id: string): TemplateResult {
  const content = dataText(safeText(text));
  switch (level) {
    case 2:
      return html`<h2 id=${id}>${content}</h2>`;
    case 3:
      return html`<h3 id=${id}>${content}</h3>`;
    case 4:
      return html`<h4 id=${id}>${content}</h4>`;
  }
}
