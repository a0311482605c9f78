/** Reflect: each partner's helped / hindered / lessons; one's own is saved as it is typed. */
import { html, nothing, type TemplateResult } from 'lit';
import type { ReflectionField, ReflectionView } from '../../src/panels/protocol';
import { dataText } from '../dataText';
import { type Props, valueOf } from './model';

const FIELDS: { field: ReflectionField; label: string; hint: string }[] = [
  { field: 'helped', label: 'What helped', hint: 'Pairing on the parser, the short daily check-ins…' },
  { field: 'hindered', label: 'What got in the way', hint: 'Context switches, waiting on reviews…' },
  { field: 'lessons', label: 'Lessons to carry forward', hint: 'Split work smaller before estimating…' },
];

export function reflectStep(props: Props): TemplateResult {
  const { view } = props;
  const mine = view.reflections.find((r) => r.member === view.me);
  const others = view.reflections.filter((r) => r.member !== view.me);
  return html`
    <h2 id="step-title" tabindex="-1">Reflect together</h2>
    <p class="lead">Each of you adds what helped, what got in the way, and what you will carry forward. Yours is saved as you type, in your own file.</p>
    <div class="reflections">${mine ? ownCard(props, mine) : nothing} ${others.map((r) => partnerCard(props, r))}</div>
  `;
}

function ownCard(props: Props, mine: ReflectionView): TemplateResult {
  const { ui, view } = props;
  const me = view.members.find((m) => m.id === view.me);
  return html`<article class="card reflection mine" aria-labelledby="reflection-me">
    <h3 id="reflection-me">${dataText(me?.name ?? view.me)} <span class="badge">you</span></h3>
    ${FIELDS.map(({ field, label, hint }) => {
      const saved = ui.saved[field];
      return html`<div class="field">
        <label class="field-label" for=${`reflect-${field}`}>${label}</label>
        <vscode-textarea
          id=${`reflect-${field}`}
          data-testid=${`reflect-${field}`}
          rows="3"
          resize="vertical"
          maxlength="4000"
          placeholder=${hint}
          label=${label}
          ?disabled=${view.readOnly}
          .value=${ui.pending[field] ?? mine[field]}
          @input=${(e: Event) => props.act.reflect(field, valueOf(e))}
        ></vscode-textarea>
        <span class="saved">${saved ? `Saved at ${saved}` : ''}</span>
      </div>`;
    })}
  </article>`;
}

function partnerCard(props: Props, r: ReflectionView): TemplateResult {
  const member = props.view.members.find((m) => m.id === r.member);
  const id = `reflection-${props.view.members.indexOf(member!)}`;
  const empty = !r.helped.trim() && !r.hindered.trim() && !r.lessons.trim();
  return html`<article class="card reflection" aria-labelledby=${id}>
    <h3 id=${id}>${dataText(member?.name ?? r.member)}</h3>
    ${
      empty
        ? html`<p class="empty">
            Nothing here yet. What ${dataText(member?.name ?? r.member)} writes on their machine appears here once it is shared through git.
          </p>`
        : html`<dl>
            ${FIELDS.map(
              ({ field, label }) =>
                html`<dt>${label}</dt>
                  <dd class=${r[field].trim() ? '' : 'empty'}>${r[field].trim() ? dataText(r[field].trim()) : 'Nothing noted.'}</dd>`,
            )}
          </dl>`
    }
  </article>`;
}
