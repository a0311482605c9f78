/** Team and regional holidays, their import from an .ics file, and the due-date flag (issue 18 §2, §4), in the real extension host. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { addDaysToDay, dayIn, nextAvailableDay, shortDayLabel } from '../../src/core';
import { MAX_HOLIDAY_FILE_BYTES } from '../../src/core/holidayImport';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordWorkspace, ME } from './helpers';
import { asPerson, keep, pick, readPerson, type } from './relationshipUi.test';

const today = () => dayIn(new Date(), ME.timeZone);
/** Days far enough ahead that no other suite's due dates (today, +3, tomorrow) fall on them. */
const ahead = (days: number) => addDaysToDay(today(), days);
const compact = (day: string) => day.replace(/-/g, '');
/** The names this suite gives its holidays: what it removes when it is done. */
const SUITE_NAMES = ['Integration Day', 'Local Feast', 'First Day', 'Second Day', 'Third Day'];

/** Catches showErrorMessage for one call: the texts shown. */
async function errorsOf(run: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const original = window.showErrorMessage;
  const shown: string[] = [];
  window.showErrorMessage = (async (text: string) => {
    shown.push(text);
    return undefined;
  }) as typeof window.showErrorMessage;
  try {
    await run();
  } finally {
    window.showErrorMessage = original;
  }
  return shown;
}

/** The first day from 300 days ahead that the team's week works and that is not a holiday yet. */
function holidayDay(workspace: AccordWorkspace): string {
  return nextAvailableDay(workspace.state, ME.id, ahead(300))!;
}

describe('Holidays', () => {
  let workspace: AccordWorkspace;
  let folder: string;

  before(async () => {
    workspace = await accordWorkspace();
    folder = mkdtempSync(join(tmpdir(), 'accord-holidays-'));
  });

  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    // Leave the fixture as it was for the suites after this one.
    const ours = (name: string) => SUITE_NAMES.includes(name);
    const holidays = [...workspace.state.entities.holiday.values()].filter((h) => ours(h.name));
    const regional = [...workspace.state.entities.regionalHoliday.values()].filter((h) => ours(h.name));
    const microGoals = [...workspace.state.entities.microGoal.values()].filter((m) => m.title === 'Ship the holiday notes');
    if (holidays.length || regional.length || microGoals.length)
      await workspace.write((edit) => {
        for (const h of holidays) edit.delete(h.id, 'holiday');
        for (const h of regional) edit.delete(h.id, 'regionalHoliday');
        for (const m of microGoals) edit.delete(m.id, 'microGoal');
      });
  });

  it('Add Holiday writes a team holiday into my file, and refuses the same day twice', async () => {
    // A day I would work, so that the due-date test below sees it as a holiday, not a weekend.
    const day = holidayDay(workspace);
    const { result } = await asPerson<string>('accord.addHoliday', [], [type(day), type('Integration Day')]);
    assert.ok(result, 'a holiday id');
    const entity = readPerson(ME.id).entities[result]!;
    assert.equal(entity.kind, 'holiday');
    assert.deepEqual([entity.fields.day, entity.fields.name], [day, 'Integration Day']);
    assert.equal(workspace.state.entities.holiday.get(result)?.name, 'Integration Day');
    await assert.rejects(asPerson('accord.addHoliday', [], [type(day)]), /is already a holiday \(Integration Day\)/);
  });

  it('Add My Regional Holiday writes it as mine only', async () => {
    const day = ahead(301);
    const { result } = await asPerson<string>('accord.addRegionalHoliday', [], [type(day), type('Local Feast')]);
    assert.ok(result);
    const entity = readPerson(ME.id).entities[result]!;
    assert.equal(entity.kind, 'regionalHoliday');
    assert.deepEqual([entity.fields.member, entity.fields.day, entity.fields.name], [ME.id, day, 'Local Feast']);
  });

  it('flags a due date set on a holiday, and Enter takes the next working day', async () => {
    const holiday = [...workspace.state.entities.holiday.values()].find((h) => h.name === 'Integration Day')!.day;
    const expected = nextAvailableDay(workspace.state, ME.id, addDaysToDay(holiday, 1))!;
    const { result, shown } = await asPerson<string>(
      'accord.addMicroGoal',
      [],
      [pick('No goal'), type('Ship the holiday notes'), type(holiday), pick('Move it to'), keep],
    );
    assert.ok(result);
    const flag = shown.find((s) => s.title === 'Accord: Add Micro-goal: a day off')!;
    assert.ok(flag, `asked: ${shown.map((s) => s.title).join(', ')}`);
    assert.equal(
      flag.placeholder,
      `${shortDayLabel(holiday, today())} is a holiday (Integration Day); ${shortDayLabel(expected, today())} is the next working day`,
    );
    assert.deepEqual(flag.items, [`Move it to ${shortDayLabel(expected, today())}`, `Keep ${shortDayLabel(holiday, today())}`]);
    assert.equal(readPerson(ME.id).entities[result]!.fields.due, expected);
  });

  it('Remove Holiday offers the list and removes the one picked', async () => {
    const [id] = [...workspace.state.entities.holiday.values()].filter((h) => h.name === 'Integration Day').map((h) => h.id);
    assert.ok(id);
    const { result, shown } = await asPerson<string>('accord.removeHoliday', [], [pick('Integration Day')]);
    assert.equal(result, id);
    assert.ok(shown[0]!.items!.includes('Integration Day'));
    assert.equal(workspace.state.entities.holiday.has(id), false);
    assert.equal(readPerson(ME.id).entities[id]!.deleted !== undefined, true, 'a tombstone, so the removal merges');
  });

  it('Import Holidays reads an .ics file onto the team’s list, skips what is there, and says what it did', async () => {
    const [a, b, c] = [ahead(400), ahead(401), ahead(402)];
    const file = join(folder, 'public.ics');
    const event = (day: string, name: string) =>
      ['BEGIN:VEVENT', `UID:${day}@test`, 'DTSTAMP:20260101T000000Z', `DTSTART;VALUE=DATE:${compact(day)}`, `SUMMARY:${name}`, 'END:VEVENT'].join('\r\n');
    writeFileSync(
      file,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Test//EN',
        event(a, 'First Day'),
        event(b, 'Second Day'),
        event('20200101', 'Long Ago'),
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const first = await asPerson<string[]>('accord.importHolidays', [vscode.Uri.file(file)], [pick("The team's holidays")]);
    assert.equal(first.result?.length, 2);
    assert.deepEqual(
      first.result!.map((id) => [workspace.state.entities.holiday.get(id)?.day, workspace.state.entities.holiday.get(id)?.name]),
      [
        [a, 'First Day'],
        [b, 'Second Day'],
      ],
    );
    assert.match(first.messages.at(-1)!.text, new RegExp(`^Added 2 holidays to the team's list, from ${a} to ${b}\\. Left out: 1 day in the past`));

    writeFileSync(
      file,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', event(b, 'Second Day'), event(c, 'Third Day'), 'END:VCALENDAR', ''].join('\r\n'),
    );
    const again = await asPerson<string[]>('accord.importHolidays', [vscode.Uri.file(file)], [pick('My regional holidays')]);
    assert.equal(again.result?.length, 2, 'my regional list is its own: both days go on it');
    assert.ok(again.result!.every((id) => workspace.state.entities.regionalHoliday.get(id)?.member === ME.id));
    const team = await asPerson<string[]>('accord.importHolidays', [vscode.Uri.file(file)], [pick("The team's holidays")]);
    assert.equal(team.result?.length, 1);
    assert.match(team.messages.at(-1)!.text, /^Added 1 holiday to the team's list: .* Left out: 1 already on the list\.$/);
  });

  it('Import Holidays refuses an oversized file and one that is not a calendar, writing nothing', async () => {
    const before = JSON.stringify(readPerson(ME.id).entities);
    const big = join(folder, 'big.ics');
    writeFileSync(big, `BEGIN:VCALENDAR\r\n${'X-PAD:'.padEnd(70, 'x')}\r\n`.repeat(Math.ceil(MAX_HOLIDAY_FILE_BYTES / 70) + 10));
    const tooBig = await errorsOf(() => asPerson('accord.importHolidays', [vscode.Uri.file(big)], [pick("The team's holidays")]));
    assert.match(tooBig[0] ?? '', /larger than 1 MiB/);
    const notIcs = join(folder, 'notes.ics');
    writeFileSync(notIcs, 'BEGIN:VCARD\r\nFN:Sam\r\nEND:VCARD\r\n');
    const wrong = await errorsOf(() => asPerson('accord.importHolidays', [vscode.Uri.file(notIcs)], [pick("The team's holidays")]));
    assert.match(wrong[0] ?? '', /holds no calendar/);
    assert.equal(JSON.stringify(readPerson(ME.id).entities), before);
  });
});
