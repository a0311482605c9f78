import { strict as assert } from 'node:assert';
import { userEmailIn } from '../../src/store/identity';

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

describe("identity: an untrusted folder's .git/config that is not a file", () => {
  it('answers (from the global setting) when .git/config is a pipe or a link to a device, without hanging or reading without end', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdirSync, mkdtempSync, rmSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { userEmailWithoutRepository } = await import('../../src/store/identity');
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
          for (const [key, value] of Object.entries(saved))
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  });
});

describe('identity: the repository found without running git (a worktree, a sub-folder)', () => {
  it("finds the email of a sub-folder's repository higher up, and of a worktree through its .git file and commondir", async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { gitConfigFiles, userEmailWithoutRepository } = await import('../../src/store/identity');
    const top = mkdtempSync(join(tmpdir(), 'accord-gitdir-'));
    const saved = {
      HOME: process.env.HOME,
      XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
      GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM,
      GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL,
    };
    Object.assign(process.env, { HOME: top, XDG_CONFIG_HOME: top, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });
    try {
      const repo = join(top, 'repo');
      const git = (cwd: string, ...args: string[]) =>
        execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
      mkdirSync(repo);
      git(repo, 'init', '-q');
      git(repo, 'config', 'user.email', 'alex@example.com');
      git(repo, 'config', 'user.name', 'Alex');
      mkdirSync(join(repo, 'team-notes', 'deep'), { recursive: true });
      writeFileSync(join(repo, 'team-notes', 'deep', 'x.txt'), 'x\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'x');
      // A sub-folder opened on its own: .git is two levels up.
      assert.equal(await userEmailWithoutRepository(join(repo, 'team-notes', 'deep')), 'alex@example.com');
      // A worktree: .git is a file naming .git/worktrees/<name>, whose commondir leads back.
      const worktree = join(top, 'feature');
      git(repo, 'worktree', 'add', '-q', worktree);
      assert.deepEqual(await gitConfigFiles(worktree), [join(repo, '.git', 'config'), join(repo, '.git', 'worktrees', 'feature', 'config.worktree')]);
      assert.equal(await userEmailWithoutRepository(worktree), 'alex@example.com');
      // Git's own answer agrees, for both shapes.
      assert.equal(git(worktree, 'config', '--get', 'user.email').trim(), 'alex@example.com');
      // A worktree's own config.worktree wins over the shared config, as in git.
      git(repo, 'config', 'extensions.worktreeConfig', 'true');
      git(worktree, 'config', '--worktree', 'user.email', 'alex.on.feature@example.com');
      assert.equal(await userEmailWithoutRepository(worktree), git(worktree, 'config', '--get', 'user.email').trim());
      // No repository anywhere above: nothing (the empty home has no email either).
      const outside = mkdtempSync(join(tmpdir(), 'accord-norepo-'));
      try {
        assert.deepEqual(await gitConfigFiles(outside), []);
        assert.equal(await userEmailWithoutRepository(outside), undefined);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      rmSync(top, { recursive: true, force: true });
    }
  });
});
