import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { stateOf } from './helpers/stateOf';
import { covenantAckId, covenantHash, covenantStatus, normalizeCovenant, starterCovenant } from '../../src/core/covenant';
import { coach } from '../../src/core/coach';

describe('covenant', () => {
  it('hashes the normalized text with sha-256', () => {
    const text = '# Our covenant\n\nWe check in daily.\n';
    assert.equal(covenantHash(text), createHash('sha256').update(text).digest('hex'));
    assert.match(covenantHash(text), /^[a-f0-9]{64}$/);
  });

  it('treats line endings, a BOM, trailing spaces and blank lines at the end as the same version', () => {
    const base = covenantHash('# Our covenant\n\nWe check in daily.\n');
    assert.equal(covenantHash('\uFEFF# Our covenant\r\n\r\nWe check in daily.   \r\n\r\n\r\n'), base);
    assert.equal(covenantHash('# Our covenant\n\nWe check in daily.'), base);
    assert.equal(normalizeCovenant('cafe\u0301'), 'café\n', 'Unicode is composed');
  });

  it('gives any visible change a new version', () => {
    const base = covenantHash('We check in daily.');
    assert.notEqual(covenantHash('We check in daily!'), base);
    assert.notEqual(covenantHash('We  check in daily.'), base);
    assert.notEqual(covenantHash('  We check in daily.'), base);
  });

  it('reports who acknowledged the current version, an older one, or none', () => {
    const current = covenantHash('v2');
    const older = covenantHash('v1');
    const state = stateOf([
      ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'UTC', capacityHours: 10 }],
      ['sam', 'member:sam', 'member', { name: 'Sam', timeZone: 'UTC', capacityHours: 10 }],
      ['kim', 'member:kim', 'member', { name: 'Kim', timeZone: 'UTC', capacityHours: 10 }],
      ['alex', covenantAckId('alex'), 'covenantAck', { member: 'alex', hash: current, at: '2026-03-10T09:00:00.000Z' }],
      ['sam', covenantAckId('sam'), 'covenantAck', { member: 'sam', hash: older, at: '2026-03-01T09:00:00.000Z' }],
    ]);
    assert.deepEqual(
      covenantStatus(state, current).map((s) => [s.name, s.status, s.acknowledgedAt]),
      [
        ['Alex', 'current', '2026-03-10T09:00:00.000Z'],
        ['Kim', 'never', undefined],
        ['Sam', 'older', '2026-03-01T09:00:00.000Z'],
      ],
    );
    assert.deepEqual(
      covenantStatus(state, undefined).map((s) => s.status),
      ['older', 'never', 'older'],
      'no covenant file: nobody is current',
    );
  });

  it('offers a warm starter with the four sections, which the coach has nothing to say about', () => {
    const text = starterCovenant(['Alex', 'Sam']);
    for (const heading of ['## Expected behaviours', '## Decision rights', '## Escalation path', '## Success metrics'])
      assert.ok(text.includes(heading), heading);
    assert.match(text, /Alex and Sam agree/);
    assert.deepEqual(
      coach(text).map((n) => n.words),
      [],
    );
    assert.match(starterCovenant(['A', 'B', 'C']), /A, B and C agree/);
  });
});
