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

describe('identity: an untrusted folder\'s .git/config that is not a file', () => {
  it('answers (from the global setting) when .git/config is a pipe or a link to a device, without hanging or reading without end', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdirSync, mkdtempSync, rmSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { userEmailWithoutRepository } = await import('../../src/identity/gitConfig');
    for (const make of [(path: string) => execFileSync('mkfifo', [path]), (path: string) => symlinkSync('/dev/zero', path)]) {
      const folder = mkdtempSync(join(tmpdir(), 'accord-gitconfig-'));
      try {
        mkdirSync(join(folder, '.git'));
        make(join(folder, '.git', 'config'));
        // A home with no git settings: the only email there could be is the repository's.
        const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
        Object.assign(process.env, { HOME: folder, XDG_CONFIG_HOME: folder, GIT_CONFIG_NOSYSTEM: '1' });
        try {
          assert.equal(await userEmailWithoutRepository(folder), undefined);
        } finally {
          for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  });
});
