import { strict as assert } from 'node:assert';
import { hashedMemberIdFrom, mayCommitMemberFile, otherAuthorWords } from '../../src/core';

/** Who may commit a change to a member file (issue 17 §2, `accord check --base`; src/core/ownership.ts). */
describe('ownership: who may commit a change to a member file', () => {
  it('lets the member whose id their email gives, in any case', () => {
    assert.equal(mayCommitMemberFile('sam-example.com', 'sam@example.com', undefined), true);
    assert.equal(mayCommitMemberFile('sam-example.com', ' Sam@Example.COM ', undefined), true);
  });

  it('lets the email the profile records, for an id chosen as a handle', () => {
    assert.equal(mayCommitMemberFile('sam', 'sam.lee@corp.example', 'Sam.Lee@corp.example'), true);
    assert.equal(mayCommitMemberFile('sam', 'sam.lee@corp.example', undefined), false);
  });

  it('lets the hashed id Set Up gives an email whose readable id was taken', () => {
    const hashed = hashedMemberIdFrom('sam@example.com')!;
    assert.equal(mayCommitMemberFile(hashed, 'sam@example.com', undefined), true);
  });

  it('refuses someone else, and an author with no email', () => {
    assert.equal(mayCommitMemberFile('sam-example.com', 'alex@example.com', 'sam@example.com'), false);
    assert.equal(mayCommitMemberFile('sam-example.com', '', 'sam@example.com'), false);
    assert.equal(mayCommitMemberFile('sam-example.com', 'sam', undefined), false);
  });

  it('tells the commit, the author and the fix without blame', () => {
    const words = otherAuthorWords(
      { hash: '4fd3b843eca70123456789abcdef012345678901', author: 'Alex Rivera', authorEmail: 'alex@example.com', subject: "Tidy Sam's goal" },
      'sam-example.com',
    );
    assert.equal(
      words.reason,
      "Commit 4fd3b843eca7 (“Tidy Sam's goal”, by Alex Rivera <alex@example.com>) changed this file, which is sam-example.com's: each person's file is written only by their own Accord, so git never has two people edit one file.",
    );
    assert.equal(
      words.fix,
      "If sam-example.com made the change, commit it from their clone, or set the commit's author to their git email; if not, take it out (git revert 4fd3b843eca7, or restore the file from the base).",
    );
  });
});
