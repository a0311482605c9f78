/** Feedback, private drafts, acknowledgment and kudos, in the real extension host. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dayIn } from '../../src/core';
import { displayName } from '../../src/core';
import { relationshipFollowUps } from '../../src/core/relationshipFollowUps';
import { offerKudos } from '../../src/relationship/kudos';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordWorkspace, ME, PARTNER } from './helpers';
import { asPerson, back, escape, folder, gitStatus, keep, pick, readPerson, scriptPerson, type, writeAsPartner } from './relationshipUi.test';

const SAM_MICRO_GOAL = 'mg-zylmee6lgwmb'; // "Write error messages that name the row", Sam's
const today = () => dayIn(new Date(), 'Europe/Berlin');

/** Every file of the folder but .git, path → text: to show a draft went nowhere. */
function folderFiles(): Map<string, string> {
  const root = folder();
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return out;
}

function feedbackIn(member: string, id: string): Record<string, unknown> | undefined {
  const entity = readPerson(member).entities[id];
  return entity?.kind === 'feedback' ? entity.fields : undefined;
}

describe('Relationship: feedback and kudos', () => {
  let workspace: AccordWorkspace;

  before(async () => {
    workspace = await accordWorkspace();
  });

  it('gives feedback step by step: the coach speaks while the person types, Back keeps what was typed', async () => {
    const { result, shown } = await asPerson<string>(
      'accord.giveFeedback',
      [],
      [
        pick('Observation'),
        type('In Tuesday’s code review'),
        type('You always merge before the tests finish'),
        back, // from Impact, back to Behaviour
        type('The parser PR was merged before the tests finished'),
        type('I spent an hour finding why main was red'),
        type('Could you wait for the green check before merging?'),
        pick('Share with Sam Okafor'),
      ],
    );
    assert.deepEqual(
      shown.map((s) => [s.kind, s.step]),
      [
        ['pick', 1],
        ['input', 2],
        ['input', 3],
        ['input', 4],
        ['input', 3],
        ['input', 4],
        ['input', 5],
        ['pick', 6],
      ],
    );
    assert.deepEqual(shown[2]!.message?.severity, 'info', 'the coach speaks, but does not block');
    assert.match(shown[2]!.message!.text, /"always" generalizes from one moment/);
    assert.equal(shown[3]!.hasBack, true);
    assert.equal(shown[4]!.value, 'The parser PR was merged before the tests finished');
    assert.equal(shown[4]!.message, undefined, 'observable wording: the coach is quiet');
    assert.match(shown[4]!.prompt!, /what did Sam Okafor do or say/);
    assert.ok(result, 'the command returns the feedback id');
    assert.deepEqual(
      { ...feedbackIn(ME.id, result), at: undefined },
      {
        from: ME.id,
        to: PARTNER.id,
        type: 'observation',
        situation: 'In Tuesday’s code review',
        behaviour: 'The parser PR was merged before the tests finished',
        impact: 'I spent an hour finding why main was red',
        request: 'Could you wait for the green check before merging?',
        at: undefined,
      },
    );
    const forSam = relationshipFollowUps(workspace.state, PARTNER.id, today()).filter((f) => f.id === result);
    assert.equal(forSam.length, 1, 'Sam finds it in Follow-ups once the file is shared');
    assert.equal(forSam[0]!.label, `${displayName(workspace.state, ME.id)} shared an observation: “The parser PR was merged before the tests finished”`);
  });

  it('warns about a judgment of the person without blocking it', async () => {
    const { shown } = await asPerson('accord.giveFeedback', [], [pick('Observation'), keep, type('That merge was careless'), escape]);
    assert.equal(shown[2]!.message?.severity, 'warning');
    assert.match(shown[2]!.message!.text, /"careless" judges rather than describes\. Describe the result/);
  });

  it('keeps a draft private on Escape: nothing in .accord, nothing for git', async () => {
    // The previous test left a draft ("That merge was careless"); this one adds a second.
    const before = folderFiles();
    const statusBefore = gitStatus();
    const secret = 'You answered every importer question at the demo PRIVATE-7f3a';
    const { result } = await asPerson('accord.giveFeedback', [], [pick('New feedback'), pick('Appreciation'), type('At Friday’s demo'), type(secret), escape]);
    assert.equal(result, undefined);
    assert.deepEqual(folderFiles(), before, 'no file in the folder changed');
    assert.equal(gitStatus(), statusBefore, 'git sees nothing new');
    for (const [path, text] of folderFiles()) assert.ok(!text.includes('PRIVATE-7f3a'), `${path} holds the private draft`);

    // The draft comes back, with what was typed; "Keep as a private draft" still writes nothing.
    const resumed = await asPerson(
      'accord.giveFeedback',
      [],
      [pick('Continue your draft'), pick('Appreciation'), keep, keep, type('The customer signed up that afternoon'), pick('Keep as a private draft')],
    );
    assert.ok(resumed.shown[0]!.items!.some((i) => i.startsWith('Continue your draft to Sam Okafor')));
    assert.equal(resumed.shown[2]!.value, 'At Friday’s demo');
    assert.equal(resumed.shown[3]!.value, secret);
    assert.deepEqual(folderFiles(), before);
    assert.equal(gitStatus(), statusBefore);

    // Discarding removes both drafts: the next Give Feedback starts fresh.
    for (let i = 0; i < 2; i++) {
      await asPerson('accord.giveFeedback', [], [pick('Continue your draft'), pick('Appreciation'), keep, keep, type('x'), pick('Discard this draft')]);
    }
    const fresh = await asPerson('accord.giveFeedback', [], [escape]);
    assert.match(fresh.shown[0]!.placeholder!, /What kind of feedback for Sam Okafor/);
    assert.deepEqual(folderFiles(), before);
  });

  it('lets the recipient acknowledge feedback in their own file', async () => {
    const id = 'fb-from-sam-thanks';
    writeAsPartner(PARTNER.id, id, 'feedback', {
      from: PARTNER.id,
      to: ME.id,
      type: 'appreciation',
      situation: 'In the Monday review',
      behaviour: 'You explained the cache change step by step',
      impact: 'I could review it in ten minutes',
      at: new Date().toISOString(),
    });
    await workspace.reload();
    const waiting = relationshipFollowUps(workspace.state, ME.id, today()).find((f) => f.id === id);
    assert.equal(waiting?.label, 'Sam Okafor appreciated: “You explained the cache change step by step”');
    assert.equal(waiting?.action, 'acknowledgeFeedback');

    const { result, messages } = await asPerson<string>('accord.acknowledgeFeedback', [{ id }], [], (m) => (m.modal ? 'Acknowledge' : undefined));
    assert.equal(result, id);
    assert.equal(messages[0]!.text, 'Appreciation from Sam Okafor');
    assert.match(
      messages[0]!.detail!,
      /^Situation: In the Monday review\nWhat I saw: You explained the cache change step by step\nImpact: I could review it in ten minutes$/,
    );
    const mine = readPerson(ME.id).entities[id]!;
    assert.deepEqual(Object.keys(mine.fields), ['acknowledgedAt'], 'Alex writes only the acknowledgment, in Alex’s file');
    assert.equal(readPerson(PARTNER.id).entities[id]!.fields.acknowledgedAt, undefined, 'Sam’s file is untouched');
    assert.ok(workspace.state.entities.feedback.get(id)?.acknowledgedAt, 'the merged entity is acknowledged');
    assert.equal(
      relationshipFollowUps(workspace.state, ME.id, today()).find((f) => f.id === id),
      undefined,
    );
  });

  it('does not acknowledge feedback meant for someone else', async () => {
    const sent = [...workspace.state.entities.feedback.values()].find((f) => f.from === ME.id && f.to === PARTNER.id)!;
    const before = readPerson(ME.id);
    const { result, messages } = await asPerson('accord.acknowledgeFeedback', [sent.id], []);
    assert.equal(result, undefined);
    assert.match(messages[0]!.text, /for Sam Okafor: only they can acknowledge it/);
    assert.deepEqual(readPerson(ME.id), before);
  });

  it('offers one-click kudos when a partner’s micro-goal is done, and sends kudos from the palette', async () => {
    const ctx = { workspace, extensionContext: undefined as never };
    const person = scriptPerson([], (m) => (m.items.includes('Send Kudos') ? 'Send Kudos' : undefined));
    let id: string | undefined;
    try {
      id = await offerKudos(ctx, SAM_MICRO_GOAL);
    } finally {
      person.restore();
    }
    assert.equal(person.messages[0]!.text, 'Sam Okafor finished “Write error messages that name the row”. Send kudos to Sam Okafor?');
    assert.ok(id);
    assert.deepEqual(
      { ...feedbackIn(ME.id, id), at: undefined },
      { from: ME.id, to: PARTNER.id, type: 'kudos', behaviour: 'Well done on “Write error messages that name the row”', about: SAM_MICRO_GOAL, at: undefined },
    );

    const notNow = scriptPerson([], () => 'Not Now');
    const before = readPerson(ME.id);
    try {
      assert.equal(await offerKudos(ctx, SAM_MICRO_GOAL), undefined);
    } finally {
      notNow.restore();
    }
    assert.deepEqual(readPerson(ME.id), before, '"Not Now" writes nothing');

    const sent = await asPerson<string>('accord.sendKudos', [PARTNER.id], [type('Your review caught the off-by-one before the release')]);
    assert.match(sent.shown[0]!.title!, /Send Kudos to Sam Okafor/);
    assert.equal(feedbackIn(ME.id, sent.result!)?.type, 'kudos');
    assert.equal(feedbackIn(ME.id, sent.result!)?.behaviour, 'Your review caught the off-by-one before the release');
  });
});
