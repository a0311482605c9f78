/** Setbacks, their follow-ups and lessons, in the real extension host. */
import { strict as assert } from 'node:assert';
import { dayIn, lastCycleWindow, TeamMetrics } from '../../src/core';
import { reviewView } from '../../src/planning/review';
import { relationshipFollowUps } from '../../src/core/relationshipFollowUps';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordWorkspace, ME, PARTNER } from './helpers';
import { asPerson, back, escape, keep, pick, readPerson, type } from './relationshipUi.test';

const GOAL = 'g-ac9zsoqit0jf'; // "Review pull requests within a day", Alex's
const SAM_MICRO_GOAL = 'mg-zylmee6lgwmb';
const today = () => dayIn(new Date(), 'Europe/Berlin');

describe('Relationship: setbacks and lessons', () => {
  let workspace: AccordWorkspace;
  let setbackId: string;

  before(async () => {
    workspace = await accordWorkspace();
  });

  it('logs a setback on a goal: corrective actions become my micro-goals, and it comes back on its follow-up date', async () => {
    const { result, shown, messages } = await asPerson<string>(
      'accord.logSetback',
      [{ type: 'goal', goalId: GOAL }],
      [
        type('Three PRs waited more than two days for review'),
        type('Reviews were not part of anyone’s day: no reminder, no slot'),
        type('Block 30 minutes for reviews after stand-up'),
        type('Add a review reminder to the check-in'),
        back, // Back from the third action returns to the second, as typed
        keep,
        keep, // an empty third action ends the list
        type('today'),
      ],
    );
    assert.match(shown[0]!.title!, /Log Setback: Review pull requests within a day/);
    assert.equal(shown[0]!.hasBack, false);
    assert.match(shown[2]!.prompt!, /^Corrective action 1/);
    assert.match(shown[4]!.prompt!, /^Corrective action 3.*So far: Block 30 minutes for reviews after stand-up; Add a review reminder/);
    assert.equal(shown[5]!.value, 'Add a review reminder to the check-in', 'Back keeps what was typed');
    assert.ok(result);
    setbackId = result;

    const setback = readPerson(ME.id).entities[result]!;
    assert.equal(setback.kind, 'setback');
    assert.equal(setback.fields.about, GOAL);
    assert.equal(setback.fields.member, ME.id);
    assert.equal(setback.fields.followUp, today());
    assert.equal(setback.fields.whatHappened, 'Three PRs waited more than two days for review');
    const actions = setback.fields.actions as string[];
    assert.deepEqual(
      actions.map((id) => {
        const micro = readPerson(ME.id).entities[id]!;
        return [micro.kind, micro.fields.title, micro.fields.owner, micro.fields.goal, micro.fields.due, micro.fields.done];
      }),
      [
        ['microGoal', 'Block 30 minutes for reviews after stand-up', ME.id, GOAL, today(), false],
        ['microGoal', 'Add a review reminder to the check-in', ME.id, GOAL, today(), false],
      ],
    );
    assert.match(messages.at(-1)!.text, /Setback logged\. 2 corrective actions are now on your micro-goals\. It comes back today/);

    const due = relationshipFollowUps(workspace.state, ME.id, today()).find((f) => f.id === result);
    assert.equal(due?.kind, 'setback');
    assert.equal(due?.due, today());
    assert.equal(due?.mine, true);
    assert.equal(relationshipFollowUps(workspace.state, PARTNER.id, today()).find((f) => f.id === result)?.mine, false, 'Sam sees it as due back');
  });

  it('logs a setback on a partner’s micro-goal picked from the list, linking actions to its goal', async () => {
    const { result } = await asPerson<string>(
      'accord.logSetback',
      [],
      [
        pick('Write error messages that name the row'),
        type('The error texts were not ready for the demo'),
        keep,
        type('Draft the three most common messages first'),
        keep,
        type('+7'),
      ],
    );
    const setback = readPerson(ME.id).entities[result!]!;
    assert.equal(setback.fields.about, SAM_MICRO_GOAL);
    const [action] = setback.fields.actions as string[];
    assert.equal(readPerson(ME.id).entities[action!]!.fields.goal, 'g-1shnktk9i5gf', 'linked to the micro-goal’s goal');
    assert.equal(
      relationshipFollowUps(workspace.state, ME.id, today()).find((f) => f.id === result),
      undefined,
      'not due for a week',
    );
  });

  it('Escape part-way logs nothing', async () => {
    const before = readPerson(ME.id);
    const { result } = await asPerson('accord.logSetback', [GOAL], [type('Something went wrong'), escape]);
    assert.equal(result, undefined);
    assert.deepEqual(readPerson(ME.id), before);
  });

  it('Review Follow-up records the lesson, and the nudge goes away', async () => {
    const { result, shown } = await asPerson<string>('accord.reviewFollowUp', [setbackId], [type('A fixed review slot works better than good intentions')]);
    assert.equal(result, setbackId);
    assert.match(shown[0]!.prompt!, /Corrective actions: 0 of 2 done/);
    const fields = readPerson(ME.id).entities[setbackId]!.fields;
    assert.equal(fields.lesson, 'A fixed review slot works better than good intentions');
    assert.ok(typeof fields.reviewedAt === 'string');
    assert.equal(
      relationshipFollowUps(workspace.state, ME.id, today()).find((f) => f.id === setbackId),
      undefined,
    );
    const review = reviewView(new TeamMetrics(workspace.state, today()), lastCycleWindow(workspace.state, today()));
    assert.ok(
      review.setbacks.some((s) => s.id === setbackId && s.lesson === 'A fixed review slot works better than good intentions'),
      'the planning Review finds it',
    );
  });

  it('Search Lessons finds the lesson by words from what happened, ranked, and shows it', async () => {
    const { result, shown, messages } = await asPerson<string>('accord.searchLessons', [], [type('review slot')], () => undefined);
    assert.equal(result, setbackId);
    assert.equal(shown[0]!.items![0], 'A fixed review slot works better than good intentions');
    assert.equal(messages[0]!.text, 'Lesson: A fixed review slot works better than good intentions');
    assert.match(messages[0]!.detail!, /What happened: Three PRs waited more than two days for review/);
    const none = await asPerson('accord.searchLessons', [], [type('kubernetes')]);
    assert.equal(none.result, undefined);
    assert.deepEqual(none.shown[0]!.items, [], 'nothing matches');
  });
});
