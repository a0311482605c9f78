import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashedMemberIdFrom } from '../../src/core';
import { resolveMe, storedProfiles } from '../../src/store/identity';

/**
 * Who "me" is without VS Code (src/store/identity.ts), as the extension's accord.me setting and
 * the command line's --me and ACCORD_ME find it: matched against the member files, so a member
 * keeps the id their file has, and nobody is given an id someone else's file holds.
 */
describe('store identity: resolveMe and storedProfiles', () => {
  let top: string;
  let repo: string;
  let people: string;
  const saved: Record<string, string | undefined> = {};
  const HASHED_SAM = hashedMemberIdFrom('sam@corp.example')!;

  /** Writes a member file for `member` whose own profile records `email` (none when undefined). */
  const memberFile = (member: string, email: string | undefined) => {
    const fields = { name: member, ...(email ? { email } : {}) };
    const clocks = Object.fromEntries(Object.keys(fields).map((field) => [field, 1]));
    const file = { clock: 1, entities: { [`member:${member}`]: { clocks, fields, kind: 'member' } }, member, schema: 1 };
    writeFileSync(join(people, `${member}.json`), `${JSON.stringify(file, null, 2)}\n`);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

  before(() => {
    top = mkdtempSync(join(tmpdir(), 'accord-me-'));
    // A home and a git with no settings of this machine: the only email is the repository's.
    for (const [name, value] of Object.entries({ HOME: top, XDG_CONFIG_HOME: top, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    repo = join(top, 'repo');
    people = join(repo, '.accord', 'people');
    mkdirSync(people, { recursive: true });
    // sam-corp.example.json is someone else's (another email): Sam's own file took the hashed id.
    memberFile('sam-corp.example', 'other@corp.example');
    memberFile(HASHED_SAM, 'sam@corp.example');
    memberFile('alex-example.com', 'alex@example.com');
    memberFile('jo', undefined);
    writeFileSync(join(people, 'broken.json'), '{ "schema": 1, ');
    git('init', '-q');
  });

  after(() => {
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    rmSync(top, { recursive: true, force: true });
  });

  it('reads the email each file records for itself, {} for a file without one or unreadable, nothing for no file', async () => {
    const profiles = storedProfiles(people);
    assert.deepEqual(await profiles('alex-example.com'), { email: 'alex@example.com' });
    assert.deepEqual(await profiles('jo'), {});
    assert.deepEqual(await profiles('broken'), {});
    assert.equal(await profiles('kim'), undefined);
    // Not a member id at all: never a path outside the folder.
    assert.equal(await profiles('../repo/.accord/people/jo'), undefined);
  });

  it("gives a configured email its member's own id, in any case, and never the id another member's file holds", async () => {
    assert.deepEqual(await resolveMe({ configured: ' Sam@Corp.example ', folder: repo, peopleDir: people, trustedGit: true }), {
      member: HASHED_SAM,
      source: 'setting',
      email: 'Sam@Corp.example',
    });
    assert.deepEqual(await resolveMe({ configured: 'jo', folder: repo, peopleDir: people, trustedGit: true }), {
      member: 'jo',
      source: 'setting',
      email: undefined,
    });
    // A new person's email gives the id Set Up would make.
    assert.equal((await resolveMe({ configured: 'kim@example.com', folder: repo, peopleDir: people, trustedGit: true }))?.member, 'kim-example.com');
  });

  it("falls back to git's user.email when nothing is configured, or the configured handle is another member's", async () => {
    assert.equal(await resolveMe({ folder: repo, peopleDir: people, trustedGit: true }), undefined);
    git('config', 'user.email', 'ALEX@example.com');
    for (const trustedGit of [true, false]) {
      for (const configured of [undefined, '', '   ', 'alex-example.com'])
        assert.deepEqual(
          await resolveMe({ configured, folder: join(repo, '.accord'), peopleDir: people, trustedGit }),
          { member: 'alex-example.com', source: 'git', email: 'ALEX@example.com' },
          `${String(configured)}, trustedGit ${trustedGit}`,
        );
    }
    git('config', '--unset', 'user.email');
  });

  it('runs git only when trusted: untrusted, the config is read as text and its includes are not followed', async () => {
    // git follows include.path (a file the repository's config names); the text reader does not run or follow anything.
    writeFileSync(join(top, 'included.gitconfig'), '[user]\n\temail = alex@example.com\n');
    git('config', 'include.path', join(top, 'included.gitconfig'));
    try {
      assert.equal((await resolveMe({ folder: repo, peopleDir: people, trustedGit: true }))?.member, 'alex-example.com');
      assert.equal(await resolveMe({ folder: repo, peopleDir: people, trustedGit: false }), undefined);
    } finally {
      git('config', '--unset', 'include.path');
    }
  });
});
