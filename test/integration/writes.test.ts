import { strict as assert } from 'node:assert';
import { addDaysToDay, dayIn } from '../../src/core';
import { accordWorkspace, ME, microGoalsProvider, PARTNER, readMemberFile, rowsLabelled, runWithAnswers, snapshotPeople, treeRows, waitFor } from './helpers';

/** Accepts what the box already holds, as pressing Enter does. */
const enter = (prompt: { value?: string }) => prompt.value ?? '';

describe('Commands write to my own file', () => {
  let partnerFileBefore: string;

  before(async () => {
    await accordWorkspace();
    partnerFileBefore = snapshotPeople().get(`${PARTNER.id}.json`)!;
  });

  after(async () => {
    // Suites that run later expect the fixture's profile.
    await runWithAnswers('accord.setUp', [ME.name, ME.timeZone, '10']);
  });

  afterEach(() => {
    // Single-writer files: nothing I do ever touches my partner's file.
    assert.equal(snapshotPeople().get(`${PARTNER.id}.json`), partnerFileBefore, `${PARTNER.id}.json changed`);
  });

  it('Set Up updates my name and capacity, offering what is there', async () => {
    const { prompts } = await runWithAnswers('accord.setUp', ['Alex R.', enter, '6']);
    assert.deepEqual(
      prompts.map((p) => [p.title, p.value]),
      [
        ['Accord: Set Up (1/3)', ME.name],
        ['Accord: Set Up (2/3)', ME.timeZone],
        ['Accord: Set Up (3/3)', '10'],
      ],
    );
    const member = readMemberFile(ME.id).entities[`member:${ME.id}`];
    assert.equal(member?.kind, 'member');
    assert.deepEqual({ ...member!.fields, email: undefined }, { name: 'Alex R.', timeZone: ME.timeZone, capacityHours: 6, email: undefined });
    const workspace = await accordWorkspace();
    assert.equal(workspace.state.entities.member.get(`member:${ME.id}`)?.name, 'Alex R.');
  });

  it('Add Goal writes a goal with its yardstick and why', async () => {
    const { result: id } = await runWithAnswers<string>('accord.addGoal', [
      'Pair twice a week',
      '8 pairing sessions',
      'Knowledge spreads both ways.',
      '2030-06-28',
    ]);
    assert.ok(id, 'Add Goal returns the new goal id');
    const file = readMemberFile(ME.id);
    const goal = file.entities[id];
    assert.equal(goal?.kind, 'goal');
    const { createdAt, ...fields } = goal!.fields;
    assert.deepEqual(fields, {
      title: 'Pair twice a week',
      owner: ME.id,
      yardstick: { target: 8, unit: 'pairing sessions' },
      why: 'Knowledge spreads both ways.',
      due: '2030-06-28',
      state: 'active',
    });
    assert.ok(!Number.isNaN(Date.parse(String(createdAt))));
    // Every field carries the file's newest Lamport clock.
    assert.ok(Object.values(goal!.clocks).every((clock) => clock === file.clock));
  });

  it('Add Goal reads a yardstick without a number as "done when"', async () => {
    const { result: id } = await runWithAnswers<string>('accord.addGoal', ['Write the onboarding guide', 'a new person runs the project in an hour', '', '']);
    const goal = readMemberFile(ME.id).entities[id!]!;
    assert.deepEqual(goal.fields.yardstick, { doneWhen: ['a new person runs the project in an hour'] });
    assert.equal(goal.fields.due, undefined, 'an empty due date means none');
  });

  it('Add Micro-goal asks which goal, then writes the step under it', async () => {
    const workspace = await accordWorkspace();
    const goalId = [...workspace.state.entities.goal.values()].find((g) => g.title === 'Review pull requests within a day')!.id;
    const { result: id, prompts } = await runWithAnswers<string>('accord.addMicroGoal', [
      'Review pull requests within a day',
      'Review the tokenizer PR',
      enter,
      '1.5',
    ]);
    assert.ok(id, 'Add Micro-goal returns the new id');
    const goalPick = prompts[0]!;
    assert.equal(goalPick.kind, 'pick');
    assert.ok(goalPick.items?.includes('Ship the CSV import'), "the partner's goals are offered too");
    assert.equal(goalPick.items?.at(-1), 'No goal');
    assert.equal(prompts[2]!.value, 'tomorrow', 'the due date starts at tomorrow');

    const micro = readMemberFile(ME.id).entities[id];
    assert.equal(micro?.kind, 'microGoal');
    const { createdAt: _createdAt, order: _order, ...fields } = micro!.fields;
    assert.deepEqual(fields, {
      title: 'Review the tokenizer PR',
      owner: ME.id,
      goal: goalId,
      due: addDaysToDay(dayIn(new Date(), ME.timeZone), 1),
      estimateHours: 1.5,
      done: false,
    });
  });

  it('Add Micro-goal from a goal in the tree skips the goal question', async () => {
    const workspace = await accordWorkspace();
    const goalId = [...workspace.state.entities.goal.values()].find((g) => g.title === 'Ship the CSV import')!.id;
    const { result: id, prompts } = await runWithAnswers<string>('accord.addMicroGoal', ['Try the import on a big file', '', ''], { type: 'goal', goalId });
    assert.deepEqual(
      prompts.map((p) => p.kind),
      ['input', 'input', 'input'],
    );
    const fields = readMemberFile(ME.id).entities[id!]!.fields;
    assert.equal(fields.goal, goalId);
    assert.equal(fields.owner, ME.id, "I own what I add, even under my partner's goal");
    assert.equal(fields.due, undefined);
    assert.equal(fields.estimateHours, undefined);
  });

  it('Escape stops Add Micro-goal without writing anything', async () => {
    const before = snapshotPeople();
    const { result } = await runWithAnswers('accord.addMicroGoal', ['No goal', undefined]);
    assert.equal(result, undefined);
    assert.deepEqual(snapshotPeople(), before);
  });

  it('shows a new micro-goal in the view right away', async () => {
    const provider = await microGoalsProvider();
    let refreshed = false;
    const listening = provider.onDidChangeTreeData(() => (refreshed = true));
    try {
      await runWithAnswers('accord.addMicroGoal', ['No goal', 'Tidy the fixtures', '2030-05-02', '']);
      await waitFor(() => refreshed, 'the view to refresh');
      const [row] = rowsLabelled(await treeRows(provider), 'Tidy the fixtures');
      assert.ok(row, 'the new micro-goal is in the view');
      assert.ok(row.description.endsWith('· Alex R.'), `it shows "${row.description}"`);
    } finally {
      listening.dispose();
    }
  });
});
