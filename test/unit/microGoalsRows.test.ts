import { strict as assert } from 'node:assert';
import { dueContext, type TeamState } from '../../src/core';
import { MicroGoalsModel, type MicroGoalsNode } from '../../src/daily/views/microGoalsModel';
import { goalTooltipLines, microGoalTooltipLines, type TooltipLine } from '../../src/daily/views/tooltipLines';
import { teamBuilder } from './helpers/teamBuilder';

// Wednesday 2026-03-18 in Berlin: a micro-goal due on the 19th is "due tomorrow".
const CTX = dueContext(new Date('2026-03-18T10:00:00Z'), 'Europe/Berlin');
const RLO = '\u202E';
const FSI = '\u2068';
const PDI = '\u2069';
const LIVE_ICON = /\$\([a-z0-9-]+(~[a-z]+)?\)/i;
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)\)/i;

/** A partner (bob) whose profile and micro-goals carry icon syntax, a command link and an unclosed override. */
function hostileTeam(): TeamState {
  return teamBuilder()
    .member('alice', { name: 'Alice', timeZone: 'Europe/Berlin' })
    .member('bob', { name: '$(verified-filled) Security Team', timeZone: 'Europe/Berlin' })
    .member('dana', { name: 'דנה', timeZone: 'Asia/Jerusalem' })
    .team()
    .goal('g-1', { owner: 'bob', title: `Harden ${RLO}the release`, why: '[docs](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)' })
    .micro('mg-1', { owner: 'bob', title: '$(warning) Rotate the leaked token now $(loading~spin)', goal: 'g-1', due: '2026-03-19' })
    .micro('mg-2', { owner: 'bob', title: `Rotate ${RLO}token`, due: '2026-03-19' })
    .micro('mg-3', { owner: 'dana', title: 'לסגור את הבאג', due: '2026-03-19', scope: `only ${RLO}the API` })
    .checkIn('ci-1', 'bob', '2026-03-17T09:00:00.000Z', { microGoals: ['mg-3'], status: 'at-risk', next: `ask ${RLO}Sam` })
    .build();
}

const model = () => new MicroGoalsModel(hostileTeam(), CTX, 'alice', 'everyone');
const micro = (id: string): MicroGoalsNode => ({ type: 'microGoal', section: 'thisWeek', id, goalId: undefined });

/** No live icon, no link, and every bidi control in the text paired or shown as <U+XXXX>. */
function assertSafe(text: string): void {
  assert.equal(LIVE_ICON.test(text), false, `live icon in ${JSON.stringify(text)}`);
  assert.equal(NOTIFICATION_LINK.test(text), false, `link in ${JSON.stringify(text)}`);
  const stack: string[] = [];
  for (const char of text) {
    if ('\u202A\u202B\u202D\u202E'.includes(char)) stack.push('e');
    else if ('\u2066\u2067\u2068'.includes(char)) stack.push('i');
    else if (char === '\u202C') assert.equal(stack.pop(), 'e', JSON.stringify(text));
    else if (char === PDI) assert.equal(stack.pop(), 'i', JSON.stringify(text));
  }
  assert.deepEqual(stack, [], `unpaired control in ${JSON.stringify(text)}`);
}

describe('Micro-goals view rows: text from data drawn safely', () => {
  it('shows a partner’s icon syntax as text in the label, and their name as text in the description', () => {
    const row = model().row(micro('mg-1'));
    assertSafe(row.label);
    assertSafe(row.description);
    assert.equal(row.label.replaceAll('\u200B', ''), '$(warning) Rotate the leaked token now $(loading~spin)');
    assert.equal(row.description.replaceAll('\u200B', ''), 'due tomorrow · $(verified-filled) Security Team');
  });

  it('an unclosed override in a title cannot reverse "due tomorrow · owner" (shown as <U+202E>)', () => {
    const row = model().row(micro('mg-2'));
    assert.equal(row.label, 'Rotate <U+202E>token');
    assert.equal(row.description.replaceAll('\u200B', ''), 'due tomorrow · $(verified-filled) Security Team');
    assertSafe(`${row.label} ${row.description}`);
    assert.equal(row.accessibility.includes(RLO), false);
    assert.equal(row.checkbox, 'Not done: Rotate <U+202E>token');
  });

  it('isolates right-to-left titles and names, so Accord’s words keep their order', () => {
    const row = model().row(micro('mg-3'));
    assert.equal(row.label, `${FSI}לסגור את הבאג${PDI}`);
    assert.equal(row.description, `due tomorrow · ${FSI}דנה${PDI}`);
  });

  it('goal rows: title and owner safe; plain titles unchanged', () => {
    const goal = model().row({ type: 'goal', section: 'thisWeek', goalId: 'g-1' });
    assert.equal(goal.label, 'Harden <U+202E>the release');
    assertSafe(goal.description);
    assertSafe(goal.accessibility);
    const plain = new MicroGoalsModel(
      teamBuilder().member('alex').team().micro('mg-9', { owner: 'alex', title: 'Parse calls (v2)', due: '2026-03-19' }).build(),
      CTX,
      'alex',
    );
    assert.deepEqual(plain.row(micro('mg-9')), {
      label: 'Parse calls (v2)',
      description: 'due tomorrow · Alex',
      accessibility: 'Micro-goal Parse calls (v2), due tomorrow, owner Alex',
      checkbox: 'Not done: Parse calls (v2)',
    });
  });
});

describe('Micro-goals view tooltips: text from data drawn safely', () => {
  const texts = (lines: TooltipLine[]) => lines.map((line) => line.text);

  it('goal tooltip: the command link in "why it matters" is text, the override is shown', () => {
    const lines = goalTooltipLines(hostileTeam().entities.goal.get('g-1')!, hostileTeam());
    for (const text of texts(lines)) assertSafe(text);
    assert.deepEqual(
      lines.map((l) => (l.kind === 'field' ? l.label : l.kind)),
      ['Goal', 'Why it matters', 'Owner'],
    );
    assert.equal(lines.find((l) => l.kind === 'field' && l.label === 'Goal')!.text, 'Harden <U+202E>the release');
  });

  it('micro-goal tooltip: scope, check-in history and names safe, each piece on its own', () => {
    const m = model();
    const lines = microGoalTooltipLines(m, 'mg-3', m.when('mg-3'));
    for (const text of texts(lines)) assertSafe(text);
    const history = lines.filter((l) => l.kind === 'item').map((l) => l.text);
    assert.ok(
      history.some((text) => text.replaceAll('\u200B', '').includes('$(verified-filled) Security Team checked in: at-risk, next: ask <U+202E>Sam')),
      JSON.stringify(history),
    );
    assert.equal(lines.find((l) => l.kind === 'field' && l.label === 'Scope')!.text, 'only <U+202E>the API');
  });
});
