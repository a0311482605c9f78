/** Restricted Mode: refused writes are shown the same way, read-only, and nothing is written. */
import { strict as assert } from 'node:assert';
import { accordWorkspace } from './helpers';
import { assertRefusalsShown, forgeInPartnersFile } from './refusedWrites';

describe('Restricted Mode: writes a file may not make', function () {
  this.timeout(30_000);

  it('lists a partner’s refused writes read-only', async () => {
    const workspace = await accordWorkspace();
    assert.equal(workspace.store.readOnly, true);
    const restore = await forgeInPartnersFile();
    try {
      await assertRefusalsShown();
    } finally {
      await restore();
    }
  });
});
