import { strict as assert } from 'node:assert';
import { userEmailIn } from '../../src/identity/gitConfig';

describe('identity: user.email read from a git config as text (untrusted folders)', () => {
  it('finds the email in the [user] section, the last one winning as in git', () => {
    const text = '[core]\n\temail = not-this@example.com\n[user]\n\tname = Alex\n\temail = alex@example.com\n[user]\n  email = "alex.rivera@example.com"\n';
    assert.equal(userEmailIn(text), 'alex.rivera@example.com');
  });

  it('finds nothing without a [user] email', () => {
    assert.equal(userEmailIn('[core]\n\tbare = false\n[remote "origin"]\n\turl = x\n'), undefined);
    assert.equal(userEmailIn(''), undefined);
  });
});
