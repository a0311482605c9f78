/** Review: what got done, how it went against the dates, what helped and hindered, setbacks and lessons. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Highlight, OutcomeView } from '../../src/panels/protocol';
import { count, nameOf, shortDay } from '../format';
import { dataText } from '../dataText';
import { cssProps } from '../cssProps';
import { icon } from '../icons';
import type { Props } from './model';
import { agreementsSection } from '../dashboard/agreements';

export function reviewStep(props: Props): TemplateResult {
  const { review, members } = props.view;
  const o = review.outcomes;
  const name = (id: string) => nameOf(members, id);
  return html`
    <h2 id="step-title" tabindex="-1">How the last cycle went</h2>
    <p class="lead">
      ${shortDay(review.start)} to ${shortDay(review.end)} · ${count(review.days, 'day')}
      ${review.sinceSession ? '· since your last planning session' : '· the last cycle’s worth of days (no earlier session yet)'}
    </p>
    ${agendaCard(props)}
    <div class="tiles" role="list" aria-label="The cycle in numbers">
      ${tile('Done', review.doneTotal, 'micro-goals finished', 'done')} ${tile('On time', o.onTime, 'finished by the date agreed', 'on-time')}
      ${tile('Renegotiated', o.renegotiated, 'a new date agreed before it was due', 'renegotiated')}
      ${tile('Past due', o.missed, o.missed ? `${o.doneLate} finished later · ${o.pastDue} still open` : 'nothing slipped', 'missed')}
    </div>
    ${outcomeBar(o)}
    <div class="columns">
      <section class="card" aria-labelledby="done-title">
        <h3 id="done-title">What got done</h3>
        ${evidenceLine(review)}
        ${
          review.done.length === 0
            ? html`<p class="empty">Nothing was ticked off in these days. That happens: this session is a good moment to pick one small first step.</p>`
            : html`<ul class="done-list">
                ${review.done.map(
                  (d) =>
                    html`<li>
                      <span class="item-title">${dataText(d.title)}</span
                      ><span class="meta"
                        >${name(d.owner)} ·
                        ${shortDay(d.day)}${
                          d.commits === undefined
                            ? nothing
                            : d.commits
                              ? html` · <span class="evidence backed">${icon('pass')}${count(d.commits, 'commit')}</span>`
                              : html` · <span class="evidence">no commit names it</span>`
                        }</span
                      >
                    </li>`,
                )}
              </ul>`
        }
        ${review.doneTotal > review.done.length ? html`<p class="more">and ${count(review.doneTotal - review.done.length, 'more')}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="highlights-title">
        <h3 id="highlights-title">Check-in highlights</h3>
        ${
          review.checkIns.length
            ? html`<p class="meta">${review.checkIns.map((c) => `${name(c.member)}: ${count(c.count, 'check-in')}`).join(' · ')}</p>`
            : html`<p class="empty">No check-ins in these days yet.</p>`
        }
        ${highlights('What helped', review.helped, name, 'helped')} ${highlights('What got in the way', review.hindered, name, 'hindered')}
      </section>
    </div>
    <section class="card" aria-labelledby="setbacks-title">
      <h3 id="setbacks-title">Setbacks and lessons</h3>
      ${
        review.setbacks.length === 0
          ? html`<p class="empty">No setbacks were logged in this cycle.</p>`
          : html`<ul class="setbacks">
              ${review.setbacks.map(
                (s) =>
                  html`<li class="setback">
                    <p class="what">${dataText(s.whatHappened)}</p>
                    ${s.about ? html`<p class="meta">About: ${dataText(s.about)}</p>` : nothing}
                    ${s.rootCause ? html`<p><span class="label">Root cause</span> ${dataText(s.rootCause)}</p>` : nothing}
                    ${s.lesson ? html`<p class="lesson"><span class="label">Lesson</span> ${dataText(s.lesson)}</p>` : html`<p class="meta">Lesson still to come at the follow-up.</p>`}
                    <p class="meta">${name(s.member)} · ${shortDay(s.day)}</p>
                  </li>`,
              )}
            </ul>`
      }
    </section>
    ${review.agreements ? agreementsSection(review.agreements, 3) : nothing}
  `;
}

/** "4 of 6 backed by commits", or why evidence from git is not there. */
function evidenceLine(review: Props['view']['review']): TemplateResult | typeof nothing {
  if (review.done.length === 0) return nothing;
  if (review.evidence === 'untrusted') return html`<p class="meta">Evidence from git appears once you trust this folder.</p>`;
  if (review.evidence !== 'ready') return nothing;
  const backed = review.done.filter((d) => (d.commits ?? 0) > 0).length;
  return html`<p class="meta" data-testid="review-evidence">${backed} of ${review.done.length} backed by commits that name them</p>`;
}

function tile(label: string, value: number, detail: string, kind: string): TemplateResult {
  return html`<div class="tile ${kind}" role="listitem">
    <span class="tile-value">${value}</span>
    <span class="tile-label">${label}</span>
    <span class="tile-detail">${detail}</span>
  </div>`;
}

function outcomeBar(o: OutcomeView): TemplateResult {
  const total = o.onTime + o.renegotiated + o.missed;
  if (total === 0) return html`<p class="meta">No micro-goals were due in these days.</p>`;
  const label = `Of ${count(total, 'micro-goal')} due: ${o.onTime} on time, ${o.renegotiated} renegotiated before the date, ${o.missed} past due.`;
  const part = (n: number, kind: string) => (n ? html`<span class="segment ${kind}" ${cssProps({ 'flex-grow': String(n) })}></span>` : nothing);
  return html`<div class="outcome-bar" role="img" aria-label=${label} title=${label}>
    ${part(o.onTime, 'on-time')}${part(o.renegotiated, 'renegotiated')}${part(o.missed, 'missed')}
  </div>`;
}

function highlights(title: string, list: Highlight[], name: (id: string) => string, kind: string): TemplateResult {
  return html`<h4>${title}</h4>
    ${
      list.length === 0
        ? html`<p class="empty">Nothing noted.</p>`
        : html`<ul class="quotes ${kind}">
            ${list.map((h) => html`<li><q>${dataText(h.text)}</q> <span class="meta">${name(h.member)} · ${shortDay(h.day)}</span></li>`)}
          </ul>`
    }`;
}

/** What someone chose to raise at this session (an escalation step), first, so it is not forgotten; nothing when the agenda is empty. */
function agendaCard(props: Props): TemplateResult | typeof nothing {
  const { agenda } = props.view;
  if (!agenda.length) return nothing;
  return html`<section class="card agenda" aria-labelledby="agenda-title">
    <h3 id="agenda-title">On the agenda</h3>
    <p class="meta">Raised before this session, to talk through together.</p>
    <ul class="done-list">
      ${agenda.map(
        (a) => html`<li><span class="item-title">${dataText(a.title)}</span><span class="meta">${dataText(a.owner)} · ${dataText(a.reason)}</span></li>`,
      )}
    </ul>
  </section>`;
}
