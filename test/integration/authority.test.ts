/** The authority rule as a person sees it: a partner's file cannot rewrite my profile, and Accord says what it left out. */
import { strict as assert } from 'node:assert';
import { accordWorkspace, ME } from './helpers';
import { assertRefusalsShown, forgeInPartnersFile } from './refusedWrites';

describe('Authority: writes a file may not make', function () {
  this.timeout(30_000);

  it('leaves a partner’s changes to my profile out, lists them in Show Data Problems and marks the partner', async () => {
    const restore = await forgeInPartnersFile();
    try {
      await assertRefusalsShown();
      // My own next write is unaffected, and my profile is mine to change.
      const workspace = await accordWorkspace();
      const saved = await workspace.write((edit) => {
        edit.set(`member:${ME.id}`, 'member', { capacityHours: 12 });
        return true;
      });
      assert.equal(saved, true);
      assert.equal(workspace.state.entities.member.get(`member:${ME.id}`)?.capacityHours, 12);
      await workspace.write((edit) => edit.set(`member:${ME.id}`, 'member', { capacityHours: 10 }));
    } finally {
      await restore();
    }
  });
});
