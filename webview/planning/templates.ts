/** The planning panel's frame: title, the four steps, a notice, the step itself, Back/Next. */
import { html, nothing, type TemplateResult } from 'lit';
import { STEPS, type Step } from '../../src/panels/protocol';
import { safeText } from '../dataText';
import { shortDay } from '../format';
import { icon } from '../icons';
import { commitStep } from './commit';
import { type Props, STEP_TITLES } from './model';
import { planStep } from './plan';
import { reflectStep } from './reflect';
import { reviewStep } from './review';

const STEP_HINTS: Record<Step, string> = {
  review: 'How the last cycle went',
  reflect: 'What you take from it',
  plan: 'What comes next, and who',
  commit: 'Start the cycle',
};

export function planningTemplate(props: Props): TemplateResult {
  const { view, ui } = props;
  const index = STEPS.indexOf(ui.step);
  const previous = STEPS[index - 1];
  const next = STEPS[index + 1];
  return html`
    <header class="page-header">
      <div class="title-row">
        <h1>Planning session</h1>
        <span class="cycle-pill" title="The cycle this session plans">
          Next cycle: ${shortDay(view.cycle.start)} – ${shortDay(view.cycle.end)} · ${view.cycle.days} days
        </span>
      </div>
      <nav aria-label="Session steps">
        <ol class="stepper">
          ${STEPS.map((step, i) => stepButton(props, step, i, index))}
        </ol>
      </nav>
    </header>
    ${
      view.readOnly
        ? html`<p class="banner" role="note">
            ${icon('info')} This folder is in Restricted Mode: you can look through the session, and editing is off until the workspace is trusted.
          </p>`
        : nothing
    }
    ${
      ui.notice
        ? html`<div class="notice ${ui.notice.tone}" role=${ui.notice.tone === 'warning' ? 'alert' : 'status'}>
            ${icon(ui.notice.tone === 'warning' ? 'warning' : 'pass')}
            <span>${safeText(ui.notice.text)}</span>
            <button class="link-button" @click=${props.act.dismissNotice} aria-label="Dismiss this message">Dismiss</button>
          </div>`
        : nothing
    }
    <section class="step-body" aria-labelledby="step-title">${body(props)}</section>
    <footer class="step-nav">
      ${
        previous
          ? html`<vscode-button secondary data-testid="back" @click=${() => props.act.goTo(previous)}>Back: ${STEP_TITLES[previous]}</vscode-button>`
          : html`<span></span>`
      }
      ${next ? html`<vscode-button data-testid="next" @click=${() => props.act.goTo(next)}>Next: ${STEP_TITLES[next]}</vscode-button>` : nothing}
    </footer>
    <div class="sr-only" aria-live="polite" aria-atomic="true">${ui.announcement}</div>
  `;
}

function stepButton(props: Props, step: Step, i: number, current: number): TemplateResult {
  const state = i === current ? 'current' : i < current ? 'done' : 'upcoming';
  return html`<li class="step ${state}">
    <button class="step-button" data-testid=${`step-${step}`} aria-current=${i === current ? 'step' : 'false'} @click=${() => props.act.goTo(step)}>
      <span class="step-number" aria-hidden="true">${state === 'done' ? icon('check') : i + 1}</span>
      <span class="step-text"><span class="step-name">${STEP_TITLES[step]}</span><span class="step-hint">${STEP_HINTS[step]}</span></span>
    </button>
  </li>`;
}

function body(props: Props): TemplateResult {
  switch (props.ui.step) {
    case 'review':
      return reviewStep(props);
    case 'reflect':
      return reflectStep(props);
    case 'plan':
      return planStep(props);
    case 'commit':
      return commitStep(props);
  }
}
