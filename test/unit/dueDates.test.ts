import { strict as assert } from 'node:assert';
import { dueDateFlag } from '../../src/core/dueDates';
import { CREATED, teamBuilder } from './helpers/teamBuilder';

describe('due dates flagged when they are set (issue 18 §4)', () => {
  // A Sunday–Thursday team: Sam in Jerusalem is away Sun 20 to Tue 22 December 2026; Thu 24 December is a team
  // holiday; Sam keeps Wed 30 December as a regional holiday; Ana in Auckland keeps none.
  const state = teamBuilder()
    .team({ workingDays: [0, 1, 2, 3, 4] })
    .member('sam', { name: 'Sam Levi', timeZone: 'Asia/Jerusalem', capacityHours: 20 })
    .member('ana', { name: 'Ana Ruiz', timeZone: 'Pacific/Auckland', capacityHours: 20 })
    .put('sam', 'away-1', 'away', { member: 'sam', from: '2026-12-20', to: '2026-12-22', at: CREATED })
    .put('ana', 'hol-1', 'holiday', { day: '2026-12-24', name: 'Team day off', at: CREATED })
    .put('sam', 'rhol-1', 'regionalHoliday', { member: 'sam', day: '2026-12-30', name: 'Local feast', at: CREATED })
    .build();
  const today = '2026-12-14';

  it('flags an away day with the owner’s next working day', () => {
    const flag = dueDateFlag(state, 'sam', '2026-12-21', today)!;
    assert.equal(flag.reason.kind, 'away');
    assert.equal(flag.suggested, '2026-12-23');
    assert.equal(flag.words, 'Sam Levi is away on Mon 21 Dec; Wed 23 Dec is the next working day');
  });

  it('flags a team holiday for everyone, and skips the team’s weekend when suggesting (Fri and Sat off)', () => {
    const flag = dueDateFlag(state, 'ana', '2026-12-24', today)!;
    assert.equal(flag.suggested, '2026-12-27', 'Sunday, the first day of the team’s week');
    assert.equal(flag.words, 'Thu 24 Dec is a holiday (Team day off); Sun 27 Dec is the next working day');
  });

  it('flags a regional holiday only for its member', () => {
    assert.equal(dueDateFlag(state, 'sam', '2026-12-30', today)?.reason.kind, 'regionalHoliday');
    assert.equal(dueDateFlag(state, 'ana', '2026-12-30', today), undefined);
  });

  it('leaves a working day alone, and a day the team’s week does not work too', () => {
    assert.equal(dueDateFlag(state, 'sam', '2026-12-23', today), undefined);
    assert.equal(dueDateFlag(state, 'sam', '2026-12-25', today), undefined, 'a Friday: not flagged');
  });
});
