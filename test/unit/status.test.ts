import { strict as assert } from 'node:assert';
import { type Cadence, computeStatus, DEFAULT_TEAM_SETTINGS, lastCheckInOf, parseQuickCheckIn, type StatusInputs, type TeamState } from '../../src/core';
import { type TeamBuilder, teamBuilder } from './helpers/teamBuilder';

const CADENCE: Cadence = { times: DEFAULT_TEAM_SETTINGS.checkInTimes, workingDays: DEFAULT_TEAM_SETTINGS.workingDays };
const BERLIN = 'Europe/Berlin';
// Wednesday 2026-03-18, 11:00 CET: after the 09:30 moment, before 16:30.
const WEDNESDAY_11 = new Date('2026-03-18T10:00:00Z');
const CHECKED_IN_0940 = '2026-03-18T08:40:00.000Z';

function people(): TeamBuilder {
  return teamBuilder().member('alex', { timeZone: BERLIN }).member('sam', { timeZone: 'America/New_York' }).team();
}

function status(state: TeamState, overrides: Partial<StatusInputs> = {}) {
  return computeStatus({
    state,
    me: 'alex',
    now: WEDNESDAY_11,
    timeZone: BERLIN,
    cadence: CADENCE,
    followUps: 0,
    unshared: 0,
    nudges: 'statusBar',
    ...overrides,
  });
}

/** Alex: 3 due today, 1 overdue, plus things that must not count; Sam: his own today and overdue ones. */
function busyDay(): TeamBuilder {
  return people()
    .micro('mg-a1', { owner: 'alex', due: '2026-03-18' })
    .micro('mg-a2', { owner: 'alex', due: '2026-03-18' })
    .micro('mg-a3', { owner: 'alex', due: '2026-03-18' })
    .micro('mg-a4', { owner: 'alex', due: '2026-03-17' })
    .micro('mg-a5', { owner: 'alex', due: '2026-03-17', done: true, doneAt: '2026-03-17T15:00:00.000Z' })
    .micro('mg-a6', { owner: 'alex', due: '2026-03-18', done: true, doneAt: '2026-03-18T09:00:00.000Z' })
    .micro('mg-a7', { owner: 'alex', due: '2026-03-20' })
    .micro('mg-a8', { owner: 'alex' })
    .micro('mg-s1', { owner: 'sam', due: '2026-03-18' })
    .micro('mg-s2', { owner: 'sam', due: '2026-03-16' })
    .checkIn('ci-a', 'alex', CHECKED_IN_0940);
}

describe('status bar: calm summary', () => {
  it('says "3 today · 1 overdue" counting only my open micro-goals', () => {
    const view = status(busyDay().build());
    assert.equal(view.text, '$(checklist) 3 today · 1 overdue');
    assert.equal(view.nudgeFor, undefined);
    assert.equal(view.action, 'checkIn');
    assert.match(view.tooltip, /3 micro-goals due today/);
    assert.match(view.tooltip, /1 micro-goal past due: finish or renegotiate/);
    assert.match(view.label, /^Accord: 3 micro-goals due today\. 1 micro-goal past due/);
  });

  it("counts Sam's micro-goals for Sam, not Alex's", () => {
    const view = status(busyDay().checkIn('ci-s', 'sam', '2026-03-18T13:40:00.000Z').build(), {
      me: 'sam',
      timeZone: 'America/New_York',
      now: new Date('2026-03-18T15:00:00Z'),
    });
    assert.equal(view.text, '$(checklist) 1 today · 1 overdue');
  });

  it('says "All clear" when nothing of mine is due today or late, whatever my partner has', () => {
    const state = people()
      .micro('mg-a7', { owner: 'alex', due: '2026-03-20' })
      .micro('mg-a5', { owner: 'alex', due: '2026-03-17', done: true, doneAt: '2026-03-17T15:00:00.000Z' })
      .micro('mg-s1', { owner: 'sam', due: '2026-03-18' })
      .micro('mg-s2', { owner: 'sam', due: '2026-03-10' })
      .checkIn('ci-a', 'alex', CHECKED_IN_0940)
      .build();
    const view = status(state);
    assert.equal(view.text, '$(checklist) All clear');
    assert.match(view.tooltip, /Nothing due today/);
    assert.doesNotMatch(view.tooltip, /past due/);
  });

  it('reads "today" in my time zone: just after midnight in Berlin, yesterday\'s micro-goal is overdue', () => {
    const state = people().micro('mg-a1', { owner: 'alex', due: '2026-03-18' }).checkIn('ci-a', 'alex', '2026-03-18T15:40:00.000Z').build();
    // 2026-03-18T22:30Z is Wednesday 23:30 in Berlin (CET, +01:00).
    assert.equal(status(state, { now: new Date('2026-03-18T22:30:00Z') }).text, '$(checklist) 1 today');
    // 2026-03-18T23:30Z is Thursday 00:30 in Berlin.
    assert.equal(status(state, { now: new Date('2026-03-18T23:30:00Z') }).text, '$(checklist) 1 overdue');
  });

  it('adds the follow-ups waiting for me', () => {
    assert.equal(status(busyDay().build(), { followUps: 2 }).text, '$(checklist) 3 today · 1 overdue · 2 to answer');
    const calm = status(people().checkIn('ci-a', 'alex', CHECKED_IN_0940).build(), { followUps: 1 });
    assert.equal(calm.text, '$(checklist) 1 to answer');
    assert.match(calm.tooltip, /1 follow-up waiting for you/);
  });

  it('marks changes not shared yet, and only then', () => {
    const state = busyDay().build();
    const unshared = status(state, { unshared: 2 });
    assert.equal(unshared.text, '$(checklist) 3 today · 1 overdue $(cloud-upload)');
    assert.match(unshared.tooltip, /2 Accord changes not shared yet/);
    const shared = status(state, { unshared: 0 });
    assert.doesNotMatch(shared.text, /cloud-upload/);
    assert.doesNotMatch(shared.tooltip, /not shared/);
  });

  it('says nothing of blame: no "failed" or "missed" anywhere', () => {
    const view = status(busyDay().build(), { followUps: 3, unshared: 1, now: new Date('2026-03-18T15:31:00Z') });
    for (const text of [view.text, view.tooltip, view.label]) assert.doesNotMatch(text, /fail|missed|late/i);
  });
});

describe('status bar: nudges', () => {
  const noCheckInToday = () => people().micro('mg-a1', { owner: 'alex', due: '2026-03-18' }).checkIn('ci-old', 'alex', '2026-03-17T15:45:00.000Z');
  // Wednesday 09:31 CET.
  const JUST_AFTER_0930 = new Date('2026-03-18T08:31:00Z');

  it('turns into a nudge at check-in time, keeping the summary', () => {
    const view = status(noCheckInToday().build(), { now: JUST_AFTER_0930, unshared: 1 });
    assert.equal(view.text, '$(bell-dot) Check-in time · 1 today $(cloud-upload)');
    assert.equal(view.nudgeFor?.toISOString(), '2026-03-18T08:30:00.000Z');
    assert.equal(view.action, 'checkIn');
    assert.match(view.tooltip, /^Time for a check-in/);
    assert.match(view.label, /time for a check-in/);
  });

  it('says in the tooltip when the next check-in comes, in my zone, and nothing of it with nudges off', () => {
    const view = status(noCheckInToday().build(), { now: new Date('2026-03-18T08:29:00Z') });
    assert.match(view.tooltip, /\nNext check-in: today at 09:30\n/);
    // Friday 17:00 CET, after the week's last moment: the next is Monday, after the clocks go forward.
    const friday = status(noCheckInToday().checkIn('ci-fri', 'alex', '2026-03-27T15:40:00.000Z').build(), { now: new Date('2026-03-27T16:00:00Z') });
    assert.match(friday.tooltip, /Next check-in: Monday at 09:30/);
    assert.match(friday.label, /Next check-in: Monday at 09:30/);
    assert.doesNotMatch(status(noCheckInToday().build(), { now: new Date('2026-03-18T08:29:00Z'), nudges: 'off' }).tooltip, /Next check-in/);
  });

  it('is calm just before check-in time', () => {
    const view = status(noCheckInToday().build(), { now: new Date('2026-03-18T08:29:00Z') });
    assert.equal(view.text, '$(checklist) 1 today');
    assert.equal(view.nudgeFor, undefined);
  });

  it('never nudges when nudges are off', () => {
    const view = status(noCheckInToday().build(), { now: JUST_AFTER_0930, nudges: 'off' });
    assert.equal(view.text, '$(checklist) 1 today');
    assert.equal(view.nudgeFor, undefined);
  });

  it('nudges as a notification too (the status bar still shows it)', () => {
    assert.ok(status(noCheckInToday().build(), { now: JUST_AFTER_0930, nudges: 'notification' }).nudgeFor);
  });

  it('stops nudging once I have checked in after the moment', () => {
    const state = noCheckInToday().checkIn('ci-new', 'alex', '2026-03-18T08:35:00.000Z').build();
    assert.equal(status(state, { now: new Date('2026-03-18T08:36:00Z') }).nudgeFor, undefined);
    assert.equal(status(state, { now: new Date('2026-03-18T08:36:00Z') }).text, '$(checklist) 1 today');
    // …until the afternoon moment.
    assert.equal(status(state, { now: new Date('2026-03-18T15:31:00Z') }).nudgeFor?.toISOString(), '2026-03-18T15:30:00.000Z');
  });

  it("is not cleared by my partner's check-in", () => {
    const state = noCheckInToday().checkIn('ci-sam', 'sam', '2026-03-18T08:35:00.000Z').build();
    assert.ok(status(state, { now: new Date('2026-03-18T08:36:00Z') }).nudgeFor);
  });

  it('uses the last check-in it is given rather than scanning', () => {
    const state = noCheckInToday().build();
    assert.equal(status(state, { now: new Date('2026-03-18T08:36:00Z'), lastCheckIn: new Date('2026-03-18T08:35:00Z') }).nudgeFor, undefined);
  });

  it('stays calm while snoozed', () => {
    const view = status(noCheckInToday().build(), { now: JUST_AFTER_0930, snoozedUntil: new Date('2026-03-18T09:01:00Z') });
    assert.equal(view.nudgeFor, undefined);
    assert.equal(view.text, '$(checklist) 1 today');
  });

  it('does not nudge at the weekend for a week with every check-in done', () => {
    const state = people().checkIn('ci-fri', 'alex', '2026-03-20T15:45:00.000Z').build();
    assert.equal(status(state, { now: new Date('2026-03-21T09:00:00Z') }).nudgeFor, undefined);
  });
});

describe('lastCheckInOf', () => {
  it("is my latest check-in, not my partner's", () => {
    const state = people()
      .checkIn('ci-1', 'alex', '2026-03-17T08:40:00.000Z')
      .checkIn('ci-2', 'alex', '2026-03-18T08:40:00.000Z')
      .checkIn('ci-3', 'alex', '2026-03-16T08:40:00.000Z')
      .checkIn('ci-4', 'sam', '2026-03-18T20:00:00.000Z')
      .build();
    assert.equal(lastCheckInOf(state, 'alex')?.toISOString(), '2026-03-18T08:40:00.000Z');
    assert.equal(lastCheckInOf(state, 'kim'), undefined);
  });

  it('is the latest by instant, whatever UTC offset each check-in was written with', () => {
    // 09:00+13:00 on the 19th is 20:00Z on the 18th: earlier than 21:00Z, though its text sorts later.
    const state = people().checkIn('ci-1', 'alex', '2026-03-18T21:00:00.000Z').checkIn('ci-2', 'alex', '2026-03-19T09:00:00.000+13:00').build();
    assert.equal(lastCheckInOf(state, 'alex')?.toISOString(), '2026-03-18T21:00:00.000Z');
  });
});

describe('parseQuickCheckIn', () => {
  it('reads a leading status and keeps the rest as the note', () => {
    assert.deepEqual(parseQuickCheckIn('blocked: waiting for the API review'), { status: 'blocked', note: 'waiting for the API review' });
    assert.deepEqual(parseQuickCheckIn('At risk - the migration is bigger than we thought'), {
      status: 'at-risk',
      note: 'the migration is bigger than we thought',
    });
    assert.deepEqual(parseQuickCheckIn('done: parser tests'), { status: 'done', note: 'parser tests' });
  });

  it('counts anything else as on track, word for word', () => {
    assert.deepEqual(parseQuickCheckIn('  paired with Sam; done with the tokenizer  '), {
      status: 'on-track',
      note: 'paired with Sam; done with the tokenizer',
    });
  });
});
