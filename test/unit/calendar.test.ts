import { strict as assert } from 'node:assert';
import ICAL from 'ical.js';
import nodeIcal, { type VEvent } from 'node-ical';
import { stateOf } from './helpers/stateOf';
import { materializeSources, type EntityRecord } from '../../src/core';
import { buildCalendar, escapeText, foldLine, teamCalendarKey } from '../../src/core/calendar';

const AT = '2026-03-02T09:00:00.000Z';
const tricky = 'Parser, lexer; and \\ paths\nsecond line — “quoted” 🎉 and a long tail that goes well past seventy-five octets of UTF-8';
const state = stateOf([
  ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }],
  ['sam', 'member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }],
  ['alex', 'team', 'team', { checkInTimes: ['09:30', '16:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 }],
  ['alex', 'g-1', 'goal', { title: 'Ship the parser', owner: 'alex', state: 'active', due: '2026-03-27', why: 'Users need it', createdAt: AT }],
  ['alex', 'mg-1', 'microGoal', { title: tricky, owner: 'alex', goal: 'g-1', due: '2026-03-13', done: false, createdAt: AT }],
  ['sam', 'mg-2', 'microGoal', { title: 'Review tests', owner: 'sam', due: '2026-03-12', done: true, createdAt: AT }],
  ['sam', 'mg-3', 'microGoal', { title: 'No date yet', owner: 'sam', done: false, createdAt: AT }],
  [
    'alex',
    'ses-1',
    'session',
    { at: '2026-03-02T15:00:00.000Z', cycleStart: '2026-03-02', cycleEnd: '2026-03-15', participants: ['alex', 'sam'], committed: [] },
  ],
  ['sam', 'sb-1', 'setback', { member: 'sam', about: 'mg-2', whatHappened: 'Tests were late', actions: [], followUp: '2026-03-16', at: AT }],
  [
    'sam',
    'sb-2',
    'setback',
    { member: 'sam', about: 'mg-2', whatHappened: 'Already reviewed', actions: [], followUp: '2026-03-05', reviewedAt: AT, lesson: 'x', at: AT },
  ],
]);
const now = new Date('2026-03-11T08:00:00.000Z');
// The team key of a repository whose root commit is 1111…: every test below exports for it.
const teamKey = teamCalendarKey('1'.repeat(40));
const uid = (name: string) => `${name}.${teamKey}@accord`;
const ics = buildCalendar(state, { now, today: '2026-03-14', name: 'Accord — parser team', teamKey });

type Component = InstanceType<typeof ICAL.Component>;
interface Readback {
  summary?: string;
  description?: string;
  sequence?: number;
}
/**
 * The events as ical.js reads them, after checking that node-ical (an independent parser)
 * reads the same UIDs, SUMMARY, DESCRIPTION and SEQUENCE from the same bytes.
 */
function parse(text: string): Component {
  const component = new ICAL.Component(ICAL.parse(text));
  const byIcalJs = new Map<string, Readback>(
    component.getAllSubcomponents('vevent').map((e) => [
      String(e.getFirstPropertyValue('uid')),
      {
        summary: e.getFirstPropertyValue('summary') as string | undefined,
        description: e.getFirstPropertyValue('description') as string | undefined,
        sequence: (e.getFirstPropertyValue('sequence') ?? undefined) as unknown as number | undefined,
      },
    ]),
  );
  const byNodeIcal = new Map<string, Readback>(
    Object.values(nodeIcal.sync.parseICS(text))
      .filter((c) => c?.type === 'VEVENT')
      .map((c) => {
        const e = c as VEvent;
        const text = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : (v as { val: string }).val);
        return [e.uid, { summary: text(e.summary), description: text(e.description), sequence: e.sequence === undefined ? undefined : Number(e.sequence) }];
      }),
  );
  assert.deepEqual(byNodeIcal, byIcalJs, 'node-ical and ical.js read the same events');
  return component;
}
function eventsByUid(text: string): Map<string, Component> {
  return new Map(
    parse(text)
      .getAllSubcomponents('vevent')
      .map((e) => [String(e.getFirstPropertyValue('uid')), e]),
  );
}
/** Every physical line: at most 75 octets, and none ends inside an escape pair. */
function assertFoldedSafely(text: string): void {
  for (const line of text.split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `too long: ${line}`);
    assert.equal(/\\*$/.exec(line)![0].length % 2, 0, `a fold splits an escape pair: ${JSON.stringify(line)}`);
    assert.ok(!line.includes('\uFFFD'));
  }
}
/** A state from member files of [entity id, kind, fields, clock of every field]. */
function stateFrom(files: Record<string, Array<[string, string, Record<string, unknown>, number]>>, order: string[] = Object.keys(files)) {
  return materializeSources(
    order.map((member) => ({
      member,
      entities: Object.fromEntries(
        files[member]!.map(([id, kind, fields, clock]): [string, EntityRecord] => [
          id,
          { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, clock])) },
        ]),
      ),
    })),
  );
}

describe('calendar export', () => {
  it('is RFC 5545 text: CRLF endings, lines of at most 75 octets, folded with a leading space', () => {
    assert.ok(ics.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(ics), 'every newline is CRLF');
    const lines = ics.split('\r\n').slice(0, -1);
    for (const line of lines) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `too long: ${line}`);
    assert.ok(
      lines.some((l) => l.startsWith(' ')),
      'the long title was folded',
    );
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.ok(lines.includes('VERSION:2.0'));
  });

  it('parses back with ical.js: open due dates as all-day events, with stable UIDs from entity ids', () => {
    const events = eventsByUid(ics);
    assert.deepEqual([...events.keys()].sort(), [
      uid('checkin-0930'),
      uid('checkin-1630'),
      uid('due-mg-1'),
      uid('followup-sb-1'),
      uid('goal-g-1'),
      uid('session-ses-1-next'),
      uid('session-ses-1'),
    ]);
    const micro = events.get(uid('due-mg-1'))!;
    const start = micro.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    assert.equal(start.isDate, true, 'VALUE=DATE');
    assert.equal(start.toString(), '2026-03-13');
    assert.equal((micro.getFirstPropertyValue('dtend') as InstanceType<typeof ICAL.Time>).toString(), '2026-03-14');
    assert.equal(micro.getFirstPropertyValue('summary'), `${tricky} (Alex)`, 'TEXT escaping and folding round-trip exactly');
    assert.equal(micro.getFirstPropertyValue('description'), 'Step towards “Ship the parser”.\nOwner: Alex.');
    assert.equal(String(micro.getFirstPropertyValue('dtstamp')), '2026-03-11T08:00:00Z');
    assert.equal(events.get(uid('goal-g-1'))!.getFirstPropertyValue('summary'), 'Goal: Ship the parser');
    assert.equal(events.get(uid('followup-sb-1'))!.getFirstPropertyValue('summary'), 'Follow-up: Tests were late (Sam)');
  });

  it('places planning sessions at their time, and the next one on the cycle end', () => {
    const events = eventsByUid(ics);
    const session = events.get(uid('session-ses-1'))!;
    const start = session.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    assert.equal(start.toString(), '2026-03-02T15:00:00Z');
    assert.equal(String(session.getFirstPropertyValue('duration')), 'PT1H');
    assert.equal((events.get(uid('session-ses-1-next'))!.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>).toString(), '2026-03-15');
  });

  it('repeats check-ins weekly on working days at floating local times', () => {
    const checkIn = eventsByUid(ics).get(uid('checkin-0930'))!;
    const start = checkIn.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    // 2026-03-14 is a Saturday: the rhythm starts on Monday the 16th.
    assert.equal(start.toString(), '2026-03-16T09:30:00', 'floating: no Z, no TZID');
    assert.equal(start.zone?.tzid ?? 'floating', 'floating');
    const rule = checkIn.getFirstPropertyValue('rrule') as InstanceType<typeof ICAL.Recur>;
    assert.equal(rule.freq, 'WEEKLY');
    assert.deepEqual(rule.getComponent('byday'), ['MO', 'TU', 'WE', 'TH', 'FR']);
    assert.match(ics, /^RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,TU,WE,TH,FR\r$/m, "the team's week starts on Monday");
    const expansion = new ICAL.Event(checkIn).iterator();
    const firstSix = Array.from({ length: 6 }, () => expansion.next()!.toString());
    assert.deepEqual(firstSix, [
      '2026-03-16T09:30:00',
      '2026-03-17T09:30:00',
      '2026-03-18T09:30:00',
      '2026-03-19T09:30:00',
      '2026-03-20T09:30:00',
      '2026-03-23T09:30:00',
    ]);
  });

  it('repeats check-ins on every day for a team that lists no working days, as the nudges and streaks read it', () => {
    const noWeek = stateOf([['alex', 'team', 'team', { checkInTimes: ['09:30'], workingDays: [], cycleDays: 14 }]]);
    const text = buildCalendar(noWeek, { now, today: '2026-03-14', teamKey });
    assert.match(text, /^RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=SU,MO,TU,WE,TH,FR,SA\r$/m);
    assert.match(text, /^DTSTART:20260314T093000\r$/m, 'Saturday the 14th is a day of this team too');
  });

  it('gives the same bytes for the same state and clock, and keeps UIDs across exports', () => {
    assert.equal(buildCalendar(state, { now, today: '2026-03-14', name: 'Accord — parser team', teamKey }), ics);
    const later = buildCalendar(state, { now: new Date('2026-03-20T00:00:00Z'), today: '2026-03-20', teamKey });
    assert.deepEqual(
      [...eventsByUid(later).keys()].filter((u) => u.startsWith('due-')),
      [uid('due-mg-1')],
    );
  });

  it('escapes TEXT and folds on character boundaries', () => {
    assert.equal(escapeText('a\\b;c,d\r\ne\u0007'), 'a\\\\b\\;c\\,d\\ne');
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75);
    assert.equal(
      folded
        .split('\r\n')
        .map((l, i) => (i ? l.slice(1) : l))
        .join(''),
      `SUMMARY:${'é'.repeat(60)}`,
    );
    assert.ok(!folded.includes('\uFFFD'));
  });

  it('orders events the same on every machine: by day or instant, then by id in code-unit order', () => {
    const team = stateOf([
      ['alex', 'mg_a', 'microGoal', { title: 'Third (mg_a)', owner: 'alex', due: '2026-03-20', done: false, createdAt: AT }],
      ['alex', 'mg.a', 'microGoal', { title: 'Second (mg.a)', owner: 'alex', due: '2026-03-20', done: false, createdAt: AT }],
      ['alex', 'mg-a', 'microGoal', { title: 'First (mg-a)', owner: 'alex', due: '2026-03-20', done: false, createdAt: AT }],
      // 01:00+05:00 on the 10th is 20:00Z on the 9th: before the session at 21:00Z, though its text sorts after it.
      [
        'alex',
        'ses-east',
        'session',
        { at: '2026-03-10T01:00:00.000+05:00', cycleStart: '2026-03-09', cycleEnd: '2026-03-22', participants: ['alex'], committed: [] },
      ],
      [
        'sam',
        'ses-west',
        'session',
        { at: '2026-03-09T21:00:00.000Z', cycleStart: '2026-03-09', cycleEnd: '2026-03-29', participants: ['sam'], committed: [] },
      ],
    ]);
    const text = buildCalendar(team, { now, today: '2026-03-14', teamKey });
    const summaries = text
      .split('\r\n')
      .filter((line) => line.startsWith('SUMMARY:'))
      .map((line) => line.slice('SUMMARY:'.length));
    // Locale collation would put mg_a first (ICU sorts "_" before "-" and "."); code units put it last.
    assert.deepEqual(
      summaries.filter((s) => s.startsWith('First') || s.startsWith('Second') || s.startsWith('Third')),
      ['First (mg-a) (alex)', 'Second (mg.a) (alex)', 'Third (mg_a) (alex)'],
    );
    const starts = parse(text)
      .getAllSubcomponents('vevent')
      .filter((e) => e.getFirstPropertyValue('summary') === 'Planning session')
      .map((e) => String(e.getFirstPropertyValue('description')));
    assert.deepEqual(starts, ['Cycle 2026-03-09 to 2026-03-22. With alex.', 'Cycle 2026-03-09 to 2026-03-29. With sam.']);
    // The next planning session follows the latest session by instant: the one at 21:00Z.
    const next = parse(text)
      .getAllSubcomponents('vevent')
      .find((e) => e.getFirstPropertyValue('summary') === 'Next planning session');
    assert.equal(String(next?.getFirstPropertyValue('dtstart')), '2026-03-29');
  });

  it('is a valid empty calendar for a new team', () => {
    const empty = buildCalendar(stateOf([]), { now, today: '2026-03-14', teamKey });
    const parsed = parse(empty);
    assert.equal(parsed.name, 'vcalendar');
    assert.deepEqual(
      parsed.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid')),
      [uid('checkin-0930'), uid('checkin-1630')],
      'the default rhythm',
    );
  });
  describe('folding never splits an escape pair', () => {
    it('keeps a comma that falls at the fold with its backslash, and an escaped newline at octet 75', () => {
      const team = stateFrom({
        alice: [
          ['member:alice', 'member', { name: 'Alice', timeZone: 'Europe/Berlin', capacityHours: 10 }, 1],
          // "DESCRIPTION:Step towards “" is 26 octets: a 42-letter goal title puts the "\n" at octet 75.
          ['g-1', 'goal', { title: 'G'.repeat(42), owner: 'alice', state: 'active', createdAt: AT }, 1],
          ['mg-1', 'microGoal', { title: 'Parse the header row', owner: 'alice', goal: 'g-1', due: '2026-03-13', done: false, createdAt: AT }, 1],
          // "SUMMARY:" is 8 octets: the comma is the 67th character of the title.
          ['mg-2', 'microGoal', { title: `${'a'.repeat(66)},b then more text`, owner: 'alice', due: '2026-03-14', done: false, createdAt: AT }, 1],
        ],
      });
      const text = buildCalendar(team, { now, today: '2026-03-11', teamKey });
      assertFoldedSafely(text);
      const events = eventsByUid(text);
      assert.equal(events.get(uid('due-mg-1'))!.getFirstPropertyValue('description'), `Step towards “${'G'.repeat(42)}”.\nOwner: Alice.`);
      assert.equal(events.get(uid('due-mg-2'))!.getFirstPropertyValue('summary'), `${'a'.repeat(66)},b then more text (Alice)`);
    });

    it('keeps every escape pair and every UTF-8 character whole, wherever it falls', () => {
      for (const piece of ['\\', ';', ',', '\n', 'é', '“', '🎉']) {
        for (let prefix = 55; prefix <= 80; prefix++) {
          const title = `${'x'.repeat(prefix)}${piece.repeat(40)}`;
          const line = `SUMMARY:${escapeText(title)}`;
          const folded = foldLine(line);
          assertFoldedSafely(folded);
          assert.equal(folded.replace(/\r\n /g, ''), line, 'unfolding gives the line back');
        }
      }
      const text = buildCalendar(
        stateOf([
          ['alex', 'mg-x', 'microGoal', { title: `${'x'.repeat(63)}\\;,\n🎉é`.repeat(5), owner: 'alex', due: '2026-03-13', done: false, createdAt: AT }],
        ]),
        { now, today: '2026-03-11', teamKey },
      );
      assertFoldedSafely(text);
      assert.equal(eventsByUid(text).get(uid('due-mg-x'))!.getFirstPropertyValue('summary'), `${`${'x'.repeat(63)}\\;,\n🎉é`.repeat(5)} (alex)`);
    });
  });

  describe('UIDs belong to the team', () => {
    // Two repositories, the same person, the same member record: only the repository differs.
    const team = (workingDays: number[]) =>
      stateFrom({
        alice: [
          ['member:alice', 'member', { name: 'alice', timeZone: 'Europe/Berlin', capacityHours: 10 }, 1],
          ['team', 'team', { checkInTimes: ['09:30'], workingDays, cycleDays: 14 }, 1],
        ],
      });
    const parserKey = teamCalendarKey('a'.repeat(40));
    const websiteKey = teamCalendarKey('b'.repeat(40));

    it('gives two teams different check-in UIDs, so importing both keeps both series', () => {
      const parser = eventsByUid(buildCalendar(team([1, 2, 3, 4, 5]), { now, today: '2026-03-11', teamKey: parserKey }));
      const website = eventsByUid(buildCalendar(team([0, 1, 2, 3, 4]), { now, today: '2026-03-11', teamKey: websiteKey }));
      const calendar = new Map<string, string>();
      for (const [id, e] of [...parser, ...website]) calendar.set(id, String(e.getFirstPropertyValue('rrule')));
      // Each series starts its weeks on the team's first working day (RFC 5545 WKST); ical.js
      // leaves out Monday, the standard's default, when it writes a rule back.
      assert.deepEqual([...calendar.values()].sort(), ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'FREQ=WEEKLY;BYDAY=SU,MO,TU,WE,TH;WKST=SU']);
    });

    it("keeps one team's UIDs across exports, days and machines", () => {
      assert.equal(teamCalendarKey('A'.repeat(40)), parserKey, 'the same commit, however git spells it');
      assert.notEqual(teamCalendarKey('a'.repeat(64)), parserKey);
      const first = [...eventsByUid(buildCalendar(team([1, 2, 3, 4, 5]), { now, today: '2026-03-11', teamKey: parserKey })).keys()];
      const later = [
        ...eventsByUid(
          buildCalendar(team([1, 2, 3, 4, 5]), { now: new Date('2026-04-20T10:00:00Z'), today: '2026-04-20', teamKey: teamCalendarKey('a'.repeat(40)) }),
        ).keys(),
      ];
      assert.deepEqual(later, first);
    });

    it('refuses a key that is not a commit, and a calendar without a team key', () => {
      assert.throws(() => teamCalendarKey('HEAD'), RangeError);
      assert.throws(() => teamCalendarKey('a'.repeat(39)), RangeError);
      assert.throws(() => buildCalendar(team([1]), { now, today: '2026-03-11', teamKey: 'team' }), RangeError);
      assert.throws(() => buildCalendar(team([1]), { now, today: '2026-03-11' } as never), RangeError);
    });
  });

  describe('a changed event is seen as changed', () => {
    // The renegotiated due date is written with a later Lamport clock than the first one.
    const stateAt = (due: string, dueClock: number, order?: string[]) =>
      stateFrom(
        {
          alex: [
            ['member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }, 1],
            ['mg-1', 'microGoal', { title: 'Parse the header row', owner: 'alex', due, done: false, createdAt: AT }, dueClock],
          ],
          sam: [['member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }, 1]],
        },
        order,
      );
    const read = (text: string) => {
      const e = eventsByUid(text).get(uid('due-mg-1'))!;
      return {
        sequence: e.getFirstPropertyValue('sequence') as unknown as number,
        due: String(e.getFirstPropertyValue('dtstart')),
        modified: String(e.getFirstPropertyValue('last-modified')),
      };
    };

    it('raises SEQUENCE when a renegotiation moves the due date, and says when the file was made', () => {
      const before = read(buildCalendar(stateAt('2026-03-13', 2), { now, today: '2026-03-11', teamKey }));
      const after = read(buildCalendar(stateAt('2026-03-20', 9), { now: new Date('2026-03-12T08:00:00Z'), today: '2026-03-12', teamKey }));
      assert.equal(before.due, '2026-03-13');
      assert.equal(after.due, '2026-03-20');
      assert.ok(after.sequence > before.sequence, `SEQUENCE ${before.sequence} → ${after.sequence}`);
      assert.equal(after.modified, '2026-03-12T08:00:00Z');
    });

    it('computes the same SEQUENCE on every machine, and keeps it while nothing changes', () => {
      const a = buildCalendar(stateAt('2026-03-20', 9, ['alex', 'sam']), { now, today: '2026-03-11', teamKey });
      const b = buildCalendar(stateAt('2026-03-20', 9, ['sam', 'alex']), { now, today: '2026-03-11', teamKey });
      assert.equal(a, b);
      assert.equal(
        read(a).sequence,
        read(buildCalendar(stateAt('2026-03-20', 9), { now: new Date('2026-04-01T00:00:00Z'), today: '2026-03-11', teamKey })).sequence,
      );
    });

    it('raises SEQUENCE when the micro-goal moves to someone whose name was written long ago', () => {
      const team = (owner: string, ownerClock: number, nameClocks: [number, number]) =>
        stateFrom({
          alex: [['member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }, nameClocks[0]]],
          sam: [['member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }, nameClocks[1]]],
          [owner]: [
            ...(owner === 'sam'
              ? [
                  ['member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }, nameClocks[1]] as [
                    string,
                    string,
                    Record<string, unknown>,
                    number,
                  ],
                ]
              : owner === 'alex'
                ? [
                    ['member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }, nameClocks[0]] as [
                      string,
                      string,
                      Record<string, unknown>,
                      number,
                    ],
                  ]
                : []),
            ['mg-1', 'microGoal', { title: 'Parse', owner, due: '2026-03-13', done: false, createdAt: AT }, ownerClock],
          ],
        });
      // Alex renamed themself at clock 20; Sam's name is from clock 1; the hand-over is written at 21.
      const before = read(buildCalendar(team('alex', 5, [20, 1]), { now, today: '2026-03-11', teamKey }));
      const after = read(buildCalendar(team('sam', 21, [20, 1]), { now, today: '2026-03-11', teamKey }));
      assert.ok(after.sequence > before.sequence, `SEQUENCE ${before.sequence} → ${after.sequence}`);
    });
  });
});

describe('calendar export: away periods and holidays (issue 18 §4)', () => {
  const base = (extra: Parameters<typeof stateOf>[0]) =>
    stateOf([
      ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }],
      ['sam', 'member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }],
      ...extra,
    ]);
  const team = base([
    ['sam', 'away-1', 'away', { member: 'sam', from: '2026-12-21', to: '2027-01-04', note: 'Ana has my reviews', at: AT }],
    ['sam', 'away-old', 'away', { member: 'sam', from: '2026-11-02', to: '2026-11-06', at: AT }],
    ['sam', 'away-empty', 'away', { member: 'sam', from: '2026-12-10', to: '2026-12-08', at: AT }],
    ['alex', 'hol-x', 'holiday', { day: '2026-12-25', name: 'Christmas Day, in Berlin; too', at: AT }],
    ['alex', 'hol-past', 'holiday', { day: '2026-10-03', name: 'Unity Day', at: AT }],
    ['sam', 'rhol-t', 'regionalHoliday', { member: 'sam', day: '2026-11-26', name: 'Thanksgiving', at: AT }],
  ]);
  const text = buildCalendar(team, { now, today: '2026-11-20', teamKey });

  it('shows an away period as one all-day event over its days, without its note', () => {
    const events = eventsByUid(text);
    const away = events.get(uid('away-away-1'))!;
    assert.equal(away.getFirstPropertyValue('summary'), 'Sam away');
    assert.equal(String(away.getFirstPropertyValue('dtstart')), '2026-12-21');
    assert.equal(String(away.getFirstPropertyValue('dtend')), '2027-01-05', 'DTEND is the day after the last day away');
    assert.ok(!text.includes('reviews'), 'the note is for the team, not for a calendar file');
  });

  it('shows team and regional holidays from today on, names escaped, and leaves out what is over or empty', () => {
    const events = eventsByUid(text);
    assert.deepEqual([...events.keys()].filter((key) => !key.startsWith('checkin-')).sort(), [uid('away-away-1'), uid('holiday-hol-x'), uid('holiday-rhol-t')]);
    assert.equal(events.get(uid('holiday-hol-x'))!.getFirstPropertyValue('summary'), 'Holiday: Christmas Day, in Berlin; too');
    assert.equal(String(events.get(uid('holiday-hol-x'))!.getFirstPropertyValue('dtstart')), '2026-12-25');
    assert.equal(events.get(uid('holiday-rhol-t'))!.getFirstPropertyValue('summary'), 'Holiday: Thanksgiving (Sam)');
    assertFoldedSafely(text);
  });

  it('leaves the team holidays on working days out of the check-in series, and raises its SEQUENCE when one is removed', () => {
    const [checkInUid] = [...eventsByUid(text).keys()].filter((key) => key.startsWith(uid('checkin-').slice(0, 'checkin-'.length)));
    const checkIn = eventsByUid(text).get(checkInUid!)!;
    const expansion = new ICAL.Event(checkIn).iterator();
    const december = [];
    for (let next = expansion.next(); next && next.toString() < '2027-01-01'; next = expansion.next()) december.push(next.toString().slice(0, 10));
    assert.ok(december.includes('2026-12-24') && december.includes('2026-12-28'), 'the days around it stay');
    assert.ok(!december.includes('2026-12-25'), 'Christmas Day, a Friday and a team holiday, has no check-in');
    assert.ok(december.includes('2026-11-26'), "Sam's regional holiday is his alone: the team's series keeps the day");
    // An independent parser reads the same exception.
    const parsed = Object.values(nodeIcal.sync.parseICS(text)).find((c) => c?.type === 'VEVENT' && (c as VEvent).uid === checkInUid) as VEvent;
    assert.deepEqual(
      // node-ical keys each exception twice (by day and by instant), and reads a floating time
      // on the host's clock, so its local fields are the floating day: the days, once each.
      [
        ...new Set(
          Object.values(parsed.exdate ?? {}).map((d) =>
            [(d as Date).getFullYear(), (d as Date).getMonth() + 1, (d as Date).getDate()].map((n) => String(n).padStart(2, '0')).join('-'),
          ),
        ),
      ],
      ['2026-12-25'],
    );
    // Remove Holiday: the same entity, with its tombstone at a later clock.
    const holiday = { day: '2026-12-25', name: 'Christmas Day, in Berlin; too', at: AT };
    const removed = materializeSources([
      {
        member: 'alex',
        entities: {
          'member:alex': {
            kind: 'member',
            fields: { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 },
            clocks: { name: 1, timeZone: 1, capacityHours: 1 },
          },
          'hol-x': { kind: 'holiday', fields: holiday, clocks: { day: 1, name: 1, at: 1 }, deleted: 9 },
        },
      },
    ]);
    const after = eventsByUid(buildCalendar(removed, { now, today: '2026-11-20', teamKey })).get(checkInUid!)!;
    assert.equal(after.getFirstPropertyValue('exdate'), null, 'no exception once the holiday is gone');
    assert.ok(
      Number(after.getFirstPropertyValue('sequence')) > Number(checkIn.getFirstPropertyValue('sequence')),
      'SEQUENCE rises, so calendar apps take the day back',
    );
  });

  it('keeps UIDs and bytes across exports, and raises SEQUENCE when I’m Back shortens the period', () => {
    assert.equal(buildCalendar(team, { now, today: '2026-11-20', teamKey }), text);
    const before = Number(eventsByUid(text).get(uid('away-away-1'))!.getFirstPropertyValue('sequence'));
    const back = stateFrom({
      alex: [['member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }, 1]],
      sam: [
        ['member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }, 1],
        ['away-1', 'away', { member: 'sam', from: '2026-12-21', to: '2026-12-28', at: AT }, 9],
      ],
    });
    const shortened = eventsByUid(buildCalendar(back, { now, today: '2026-11-20', teamKey })).get(uid('away-away-1'))!;
    assert.equal(String(shortened.getFirstPropertyValue('dtend')), '2026-12-29');
    assert.ok(Number(shortened.getFirstPropertyValue('sequence')) > before, 'SEQUENCE rises, so calendar apps take the new end');
  });
});
