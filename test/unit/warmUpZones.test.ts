import { strict as assert } from 'node:assert';
import { warmUpZones } from '../../src/util/warmUpZones';

describe('warmUpZones', () => {
  it('runs its worker to the end, formatting dates in the zones it is given', async () => {
    assert.equal(await warmUpZones(['Europe/Berlin', 'Asia/Kolkata']), true);
  });

  it('skips a zone this runtime does not know, and still ends well', async () => {
    assert.equal(await warmUpZones(['Mars/Olympus_Mons', 'Europe/Berlin']), true);
  });
});
