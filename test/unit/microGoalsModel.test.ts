import { strict as assert } from 'node:assert';
import { dueContext, type TeamState } from '../../src/core';
import { type Filter, MicroGoalsModel, type MicroGoalsNode, SECTION_LABELS } from '../../src/daily/views/microGoalsModel';
import { teamBuilder } from './helpers/teamBuilder';

// Wednesday 2026-03-18, 11:00 in Berlin; the week ends on Sunday the 22nd.
const NOW = new Date('2026-03-18T10:00:00Z');
const CTX = dueContext(NOW, 'Europe/Berlin');

function fixture(): TeamState {
  return (
    teamBuilder()
      .member('alex', { timeZone: 'Europe/Berlin' })
      .member('sam', { timeZone: 'America/New_York' })
      .team()
      .goal('g-parser', { owner: 'alex', title: 'Parser', order: 1 })
      .goal('g-docs', { owner: 'sam', title: 'Docs', order: 2 })
      .goal('g-ci', { owner: 'alex', title: 'CI', order: 3 })
      .goal('g-release', { owner: 'sam', title: 'Release', order: 4 })
      .goal('g-old', { owner: 'alex', title: 'Old', state: 'achieved' })
      .goal('g-dropped', { owner: 'sam', title: 'Dropped', state: 'dropped' })
      // Overdue
      .micro('mg-1', { owner: 'alex', title: 'Lex numbers', goal: 'g-parser', due: '2026-03-17' })
      .micro('mg-2', { owner: 'sam', title: 'Reply to issue', due: '2026-03-16' })
      // Today
      .micro('mg-3', { owner: 'alex', title: 'Parse calls', goal: 'g-parser', due: '2026-03-18', order: 2 })
      .micro('mg-4', { owner: 'alex', title: 'Parse literals', goal: 'g-parser', due: '2026-03-18', order: 1 })
      .micro('mg-5', { owner: 'sam', title: 'README intro', goal: 'g-docs', due: '2026-03-18' })
      .micro('mg-6', { owner: 'alex', title: 'Book the room', due: '2026-03-18', createdAt: '2026-03-02T09:00:00.000Z' })
      .micro('mg-13', { owner: 'alex', title: 'Orphan step', goal: 'g-gone', due: '2026-03-18', createdAt: '2026-03-03T09:00:00.000Z' })
      // This week
      .micro('mg-7', { owner: 'alex', title: 'Error messages', goal: 'g-parser', due: '2026-03-22' })
      .micro('mg-8', { owner: 'sam', title: 'API page', goal: 'g-docs', due: '2026-03-19' })
      // Later
      .micro('mg-9', { owner: 'alex', title: 'Someday refactor' })
      .micro('mg-10', { owner: 'sam', title: 'Tutorial', goal: 'g-docs', due: '2026-03-23' })
      // Done recently, and done long ago
      .micro('mg-11', { owner: 'sam', title: 'Tag v1', goal: 'g-release', due: '2026-03-17', done: true, doneAt: '2026-03-17T16:00:00.000Z' })
      .micro('mg-12', { owner: 'alex', title: 'Grammar sketch', goal: 'g-parser', done: true, doneAt: '2026-03-01T10:00:00.000Z' })
      .build()
  );
}

/** The tree as the user sees it: sections with counts, goals, micro-goals, indented. */
function outline(model: MicroGoalsModel): string[] {
  const lines: string[] = [];
  const walk = (node: MicroGoalsNode, depth: number) => {
    const pad = '  '.repeat(depth);
    if (node.type === 'section') lines.push(`${SECTION_LABELS[node.section]} (${model.count(node.section)})`);
    else if (node.type === 'goal') lines.push(`${pad}${model.goal(node.goalId)!.title}`);
    else lines.push(`${pad}${model.microGoal(node.id)!.title}`);
    for (const child of model.children(node)) walk(child, depth + 1);
  };
  for (const root of model.roots()) walk(root, 0);
  return lines;
}

const model = (filter: Filter, me = 'alex', state = fixture()) => new MicroGoalsModel(state, CTX, me, filter);

describe('Micro-goals view: sections', () => {
  it("groups everyone's micro-goals Overdue · Today · This week · Later · Done recently, each under its goal, then goals without a next step", () => {
    assert.deepEqual(outline(model('everyone')), [
      'Overdue (2)',
      '  Parser',
      '    Lex numbers',
      '  Reply to issue',
      'Today (5)',
      '  Parser',
      '    Parse literals',
      '    Parse calls',
      '  Docs',
      '    README intro',
      '  Book the room',
      '  Orphan step',
      'This week (2)',
      '  Parser',
      '    Error messages',
      '  Docs',
      '    API page',
      'Later (2)',
      '  Docs',
      '    Tutorial',
      '  Someday refactor',
      'Done recently (1)',
      '  Release',
      '    Tag v1',
      'Goals without a next step (2)',
      '  CI',
      '  Release',
    ]);
  });

  it('leaves out empty sections', () => {
    const state = teamBuilder().member('alex').micro('mg-1', { owner: 'alex', title: 'Only today', due: '2026-03-18' }).build();
    assert.deepEqual(outline(model('everyone', 'alex', state)), ['Today (1)', '  Only today']);
    assert.deepEqual(model('everyone', 'alex', teamBuilder().member('alex').build()).roots(), []);
  });

  it('asks for a next step only for active goals with no open micro-goal', () => {
    const m = model('everyone');
    const needing = m.children({ type: 'section', section: 'needsMicroGoals' }).map((n) => (n.type === 'goal' ? n.goalId : ''));
    assert.deepEqual(needing, ['g-ci', 'g-release']);
    assert.deepEqual(m.children({ type: 'goal', section: 'needsMicroGoals', goalId: 'g-ci' }), []);
  });

  it("moves a micro-goal from Today to Overdue when the viewer's day turns", () => {
    // 2026-03-18T23:30Z is already Thursday in Berlin.
    const thursday = new MicroGoalsModel(fixture(), dueContext(new Date('2026-03-18T23:30:00Z'), 'Europe/Berlin'), 'alex', 'everyone');
    assert.equal(thursday.count('overdue'), 7);
    assert.equal(thursday.count('today'), 1); // API page
    assert.deepEqual(thursday.nodeOf('mg-3'), { type: 'microGoal', section: 'overdue', id: 'mg-3', goalId: 'g-parser' });
  });
});

describe('Micro-goals view: filter', () => {
  it('shows only my micro-goals and my goals without a next step for "mine"', () => {
    assert.deepEqual(outline(model('mine')), [
      'Overdue (1)',
      '  Parser',
      '    Lex numbers',
      'Today (4)',
      '  Parser',
      '    Parse literals',
      '    Parse calls',
      '  Book the room',
      '  Orphan step',
      'This week (1)',
      '  Parser',
      '    Error messages',
      'Later (1)',
      '  Someday refactor',
      'Goals without a next step (1)',
      '  CI',
    ]);
  });

  it('shows only my partner\'s for "partner"', () => {
    assert.deepEqual(outline(model('partner')), [
      'Overdue (1)',
      '  Reply to issue',
      'Today (1)',
      '  Docs',
      '    README intro',
      'This week (1)',
      '  Docs',
      '    API page',
      'Later (1)',
      '  Docs',
      '    Tutorial',
      'Done recently (1)',
      '  Release',
      '    Tag v1',
      'Goals without a next step (1)',
      '  Release',
    ]);
  });

  it('shows everything, whatever the filter, before Accord knows who I am', () => {
    const everyone = outline(model('everyone'));
    assert.deepEqual(outline(new MicroGoalsModel(fixture(), CTX, undefined, 'mine')), everyone);
    assert.deepEqual(outline(new MicroGoalsModel(fixture(), CTX, undefined, 'partner')), everyone);
  });

  it('splits the team\'s micro-goals between "mine" and "partner" with none lost or shown twice', () => {
    for (const section of ['overdue', 'today', 'thisWeek', 'later', 'doneRecently'] as const) {
      assert.equal(model('mine').count(section) + model('partner').count(section), model('everyone').count(section), section);
    }
  });
});

describe('Micro-goals view: finding a micro-goal and goal progress', () => {
  it('finds where a micro-goal shows, for reveal', () => {
    const m = model('everyone');
    assert.deepEqual(m.nodeOf('mg-3'), { type: 'microGoal', section: 'today', id: 'mg-3', goalId: 'g-parser' });
    assert.deepEqual(m.nodeOf('mg-2'), { type: 'microGoal', section: 'overdue', id: 'mg-2', goalId: undefined });
    assert.deepEqual(m.nodeOf('mg-13'), { type: 'microGoal', section: 'today', id: 'mg-13', goalId: undefined });
    assert.equal(m.nodeOf('mg-12'), undefined); // done long ago
    assert.equal(model('mine').nodeOf('mg-2'), undefined); // filtered out
  });

  it("lists a node's children as nodes that find their way back to the same place", () => {
    const m = model('everyone');
    for (const root of m.roots()) {
      for (const child of m.children(root)) {
        const micros = child.type === 'microGoal' ? [child] : m.children(child);
        for (const micro of micros) if (micro.type === 'microGoal') assert.deepEqual(m.nodeOf(micro.id), micro);
      }
    }
  });

  it("counts a goal's progress over all its micro-goals, whatever the filter", () => {
    assert.deepEqual(model('everyone').progress('g-parser'), { done: 1, total: 5 });
    assert.deepEqual(model('partner').progress('g-parser'), { done: 1, total: 5 });
    assert.deepEqual(model('everyone').progress('g-release'), { done: 1, total: 1 });
    assert.deepEqual(model('everyone').progress('g-ci'), { done: 0, total: 0 });
  });
});

describe('Micro-goals view: order', () => {
  it('orders micro-goals by due day, then by their order, then by when they were made', () => {
    const state = teamBuilder()
      .member('alex')
      .micro('mg-c', { owner: 'alex', title: 'Fri, order 1', due: '2026-03-20', order: 1 })
      .micro('mg-a', { owner: 'alex', title: 'Thu, order 5', due: '2026-03-19', order: 5 })
      .micro('mg-b', { owner: 'alex', title: 'Fri, order 0', due: '2026-03-20', createdAt: '2026-03-05T09:00:00.000Z' })
      .micro('mg-d', { owner: 'alex', title: 'Fri, order 0, older', due: '2026-03-20', createdAt: '2026-03-04T09:00:00.000Z' })
      .build();
    assert.deepEqual(outline(model('everyone', 'alex', state)), [
      'This week (4)',
      '  Thu, order 5',
      '  Fri, order 0, older',
      '  Fri, order 0',
      '  Fri, order 1',
    ]);
  });

  it('orders goals by their order, then by title, before standalone micro-goals', () => {
    const state = teamBuilder()
      .member('alex')
      .goal('g-1', { owner: 'alex', title: 'Zebra', order: 1 })
      .goal('g-2', { owner: 'alex', title: 'Yak', order: 2 })
      .goal('g-3', { owner: 'alex', title: 'Aardvark', order: 2 })
      .micro('mg-0', { owner: 'alex', title: 'Standalone', due: '2026-03-18' })
      .micro('mg-1', { owner: 'alex', title: 'Z step', goal: 'g-1', due: '2026-03-18' })
      .micro('mg-2', { owner: 'alex', title: 'Y step', goal: 'g-2', due: '2026-03-18' })
      .micro('mg-3', { owner: 'alex', title: 'A step', goal: 'g-3', due: '2026-03-18' })
      .build();
    assert.deepEqual(outline(model('everyone', 'alex', state)), [
      'Today (4)',
      '  Zebra',
      '    Z step',
      '  Aardvark',
      '    A step',
      '  Yak',
      '    Y step',
      '  Standalone',
    ]);
  });

  it('gives the same tree whatever order the entities were written in', () => {
    const a = teamBuilder()
      .member('alex')
      .micro('mg-1', { owner: 'alex', title: 'One', due: '2026-03-18' })
      .micro('mg-2', { owner: 'alex', title: 'Two', due: '2026-03-18' })
      .build();
    const b = teamBuilder()
      .member('alex')
      .micro('mg-2', { owner: 'alex', title: 'Two', due: '2026-03-18' })
      .micro('mg-1', { owner: 'alex', title: 'One', due: '2026-03-18' })
      .build();
    assert.deepEqual(outline(model('everyone', 'alex', a)), outline(model('everyone', 'alex', b)));
  });
});
