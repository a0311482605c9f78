import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  type CommitInfo,
  doneByCommits,
  EMPTY_EVIDENCE,
  EVIDENCE_LIMITS,
  evidenceFor,
  evidenceSince,
  indexCommits,
  isReverted,
  memberEntityId,
  mergeCommits,
  mergeEvidence,
} from '../../src/core';
import { isolateGitConfig } from '../helpers/isolatedGit';
import { teamBuilder, withHostTimeZone } from './helpers/teamBuilder';

const MG_A = 'mg-3k9x0q2m7c1z';
const MG_B = 'mg-00aa11bb22cc';
const MG_C = 'mg-zz99yy88xx77';

/** A commit as plain data: hash from a number, minutes after 09:00 UTC on 10 March 2026. */
function commit(n: number, minutes: number, message: string, fields: Partial<CommitInfo> = {}): CommitInfo {
  const at = new Date(Date.UTC(2026, 2, 10, 9, minutes)).toISOString();
  return {
    hash: n.toString(16).padStart(40, '0'),
    parents: [],
    author: 'Sam Lee',
    authorEmail: 'sam@example.com',
    at,
    subject: message.split('\n')[0]!,
    message,
    ...fields,
  };
}
const hashOf = (n: number) => n.toString(16).padStart(40, '0');
const revertOf = (n: number, subject: string) => `Revert "${subject}"\n\nThis reverts commit ${hashOf(n)}.\n`;

/** Alex and Sam, with their emails; Alex owns MG_A and MG_C, Sam owns MG_B. */
function team() {
  return teamBuilder()
    .member('alex')
    .member('sam')
    .put('alex', memberEntityId('alex'), 'member', { email: 'alex@example.com' })
    .put('sam', memberEntityId('sam'), 'member', { email: 'Sam@Example.com' })
    .micro(MG_A, { owner: 'alex', title: 'Parse trailers' })
    .micro(MG_B, { owner: 'sam', title: 'Link commits' })
    .micro(MG_C, { owner: 'alex', title: 'Write the docs' });
}

describe('evidence: commits linked to micro-goals', () => {
  it('lists the commits that name each micro-goal, newest first, and ignores unknown and deleted ones', () => {
    const commits = [
      commit(3, 30, `Tests for the parser\n\nAccord: ${MG_A}\nAccord: mg-unknown00000\n`),
      commit(2, 20, `Parser\n\nAccord: ${MG_A}\nAccord: ${MG_B}\nAccord: ${MG_C}\n`),
      commit(1, 10, 'Unrelated work\n'),
    ];
    const state = team().remove('alex', MG_C, 'microGoal').build();
    const evidence = evidenceFor(indexCommits(commits), state);
    assert.deepEqual([...evidence.keys()], [MG_B, MG_A], 'ids in order; the deleted and the unknown one are not there');
    assert.deepEqual(
      evidence.get(MG_A)!.commits.map((c) => [c.hash, c.subject, c.done, c.reverted]),
      [
        [hashOf(3), 'Tests for the parser', false, false],
        [hashOf(2), 'Parser', false, false],
      ],
    );
    assert.equal(evidence.get(MG_A)!.owner, 'alex');
    assert.equal(evidence.get(MG_A)!.backed, true);
    assert.equal(evidence.get(MG_A)!.doneBy, undefined);
  });

  it('shows the commits of a micro-goal that arrives after them (a partner file pulled later), without re-reading', () => {
    const index = indexCommits([commit(1, 10, `Start\n\nAccord: ${MG_B}\n`)]);
    assert.equal(evidenceFor(index, teamBuilder().member('sam').build()).size, 0);
    assert.equal(evidenceFor(index, team().build()).get(MG_B)!.commits.length, 1);
  });

  it('says a micro-goal is done by its newest Accord-Done commit, and a revert withdraws it', () => {
    const done = commit(2, 20, `Finish the parser\n\nAccord-Done: ${MG_A}\n`);
    const before = [done, commit(1, 10, `Parser\n\nAccord: ${MG_A}\n`)];
    const state = team().build();
    assert.equal(evidenceFor(indexCommits(before), state).get(MG_A)!.doneBy?.hash, hashOf(2));

    const reverted = [commit(3, 30, revertOf(2, 'Finish the parser')), ...before];
    const afterRevert = evidenceFor(indexCommits(reverted), state).get(MG_A)!;
    assert.equal(afterRevert.doneBy, undefined, 'the offer is withdrawn');
    assert.deepEqual(
      afterRevert.commits.map((c) => [c.hash, c.reverted]),
      [
        [hashOf(2), true],
        [hashOf(1), false],
      ],
    );
    assert.equal(afterRevert.backed, true, 'the first commit still stands');

    const reapplied = [commit(4, 40, `Reapply "Finish the parser"\n\nThis reverts commit ${hashOf(3)}.\n`), ...reverted];
    assert.equal(evidenceFor(indexCommits(reapplied), state).get(MG_A)!.doneBy?.hash, hashOf(2), 'a revert of the revert puts it back');
    assert.equal(isReverted(indexCommits(reapplied), hashOf(2)), false);
    assert.equal(isReverted(indexCommits(reapplied), hashOf(3)), true);
  });

  it('has nothing to offer for a micro-goal already done, and only reverted commits do not back it', () => {
    const commits = [commit(2, 20, revertOf(1, 'Docs')), commit(1, 10, `Docs\n\nAccord-Done: ${MG_C}\n`)];
    const state = team().micro(MG_C, { owner: 'alex', title: 'Write the docs', done: true, doneAt: '2026-03-10T09:30:00.000Z' }).build();
    const item = evidenceFor(indexCommits(commits), state).get(MG_C)!;
    assert.equal(item.isDone, true);
    assert.equal(item.doneBy, undefined);
    assert.equal(item.backed, false);
    const stillDone = evidenceFor(indexCommits([commit(1, 10, `Docs\n\nAccord-Done: ${MG_C}\n`)]), state).get(MG_C)!;
    assert.equal(stillDone.doneBy, undefined, 'done already: nothing to offer');
    assert.equal(stillDone.backed, true);
  });

  it('counts a revert cycle in crafted messages as no revert, and skips malformed commits without throwing', () => {
    const cycle = [
      commit(2, 20, `x\n\nThis reverts commit ${hashOf(1)}.\n`),
      commit(1, 10, `y\n\nThis reverts commit ${hashOf(2)}.\n\nAccord-Done: ${MG_A}\n`),
    ];
    const evidence = evidenceFor(indexCommits(cycle), team().build());
    assert.equal(evidence.get(MG_A)!.doneBy?.hash, hashOf(1), 'the cycle is cut where it comes back: no endless walk, no revert');
    const junk = [
      { ...commit(5, 5, `a\n\nAccord: ${MG_A}\n`), hash: 'not-a-hash' },
      { ...commit(6, 6, `b\n\nAccord: ${MG_A}\n`), hash: hashOf(6).slice(0, 12) },
      { ...commit(7, 7, ''), message: 42 },
      null,
      { ...commit(8, 8, `c\n\nAccord: ${MG_A}\n`), at: '2026-03-10T09:00:00', author: 'x'.repeat(5000) },
    ] as unknown as CommitInfo[];
    const index = indexCommits(junk);
    assert.deepEqual([...index.seen], [hashOf(8)]);
    const only = index.links.get(MG_A)![0]!;
    assert.ok(Number.isNaN(only.time), 'an instant without a zone is not read in the host zone');
    assert.equal(only.author.length, EVIDENCE_LIMITS.text);
  });
});

describe('evidence: who is asked to complete (the single-writer rule)', () => {
  const done = (n: number, id: string, fields: Partial<CommitInfo> = {}) => commit(n, n * 10, `Done\n\nAccord-Done: ${id}\n`, fields);

  it("offers my own micro-goal to me when my commit says it is done, and lists a partner's commit as a follow-up", () => {
    const state = team().build();
    const mine = evidenceFor(indexCommits([done(1, MG_A, { author: 'Alex R', authorEmail: 'ALEX@example.com' })]), state);
    assert.deepEqual(
      doneByCommits(mine, state, 'alex').map(({ microGoal, title, by, kind, label }) => ({ microGoal, title, by, kind, label })),
      [{ microGoal: MG_A, title: 'Parse trailers', by: 'alex', kind: 'offer', label: 'Your commit says this is done' }],
    );
    assert.deepEqual(doneByCommits(mine, state, 'sam'), [], "Sam does not own it: it is never in Sam's list");

    const partners = evidenceFor(indexCommits([done(2, MG_A)]), state);
    const [followUp] = doneByCommits(partners, state, 'alex');
    assert.equal(followUp!.kind, 'followUp');
    assert.equal(followUp!.by, 'sam');
    assert.equal(followUp!.label, "Sam's commit says this is done");
  });

  it("puts Alex's commit on Sam's micro-goal in Sam's list, and names an author no member has by git's name", () => {
    const state = team().build();
    const evidence = evidenceFor(indexCommits([done(1, MG_B, { authorEmail: 'alex@example.com' })]), state);
    assert.deepEqual(doneByCommits(evidence, state, 'alex'), []);
    assert.equal(doneByCommits(evidence, state, 'sam')[0]!.label, "Alex's commit says this is done");
    const stranger = evidenceFor(indexCommits([done(2, MG_B, { author: 'Ana Bell', authorEmail: 'ana@example.org' })]), state);
    const [item] = doneByCommits(stranger, state, 'sam');
    assert.equal(item!.by, undefined);
    assert.equal(item!.label, "Ana Bell's commit says this is done");
    assert.equal(doneByCommits(stranger, state, 'sam', 'ana@example.org')[0]!.kind, 'offer', 'my git email makes it mine when my profile has none');
  });
});

describe('evidence: check-ins grounded in the work', () => {
  const since = '2026-03-10T09:15:00.000Z';

  it('pre-ticks the open micro-goals with commits since my last check-in and sums their subjects up, oldest first', () => {
    const commits = [
      commit(6, 60, `Merge branch 'parser'\n\nAccord: ${MG_A}\n`, { parents: [hashOf(4), hashOf(5)] }),
      commit(5, 50, `Link commits\n\nAccord: ${MG_B}\n`),
      commit(4, 40, `Parse\ttrailers\u202e  again\r\n\nAccord: ${MG_A}\n`, { subject: 'Parse\ttrailers\u0007  again\u2028' }),
      commit(3, 30, `Docs\n\nAccord: ${MG_C}\n`),
      commit(2, 20, revertOf(3, 'Docs')),
      commit(1, 10, `Old work\n\nAccord: ${MG_B}\n`),
    ];
    const state = team().build();
    const result = evidenceSince(evidenceFor(indexCommits(commits), state), since);
    assert.deepEqual(result.microGoals, [MG_B, MG_A], 'MG_C moved only by a reverted commit');
    assert.deepEqual(
      result.commits.map((c) => c.hash),
      [hashOf(4), hashOf(5), hashOf(6)],
    );
    assert.equal(result.summary, 'Parse trailers again; Link commits', 'no merge subject; controls and line breaks flattened');
    // The same answer on any host zone: instants carry their zone.
    assert.deepEqual(
      withHostTimeZone('Pacific/Kiritimati', () => evidenceSince(evidenceFor(indexCommits(commits), state), '2026-03-10T10:15:00+01:00')),
      result,
    );
  });

  it('leaves out done micro-goals, and gives nothing for an unreadable instant', () => {
    const commits = [commit(5, 50, `Docs\n\nAccord: ${MG_C}\n`)];
    const doneState = team().micro(MG_C, { owner: 'alex', title: 'Docs', done: true, doneAt: '2026-03-10T10:00:00.000Z' }).build();
    assert.deepEqual(evidenceSince(evidenceFor(indexCommits(commits), doneState), since).microGoals, []);
    assert.deepEqual(evidenceSince(evidenceFor(indexCommits(commits), team().build()), '2026-03-10 09:15'), { microGoals: [], commits: [], summary: '' });
  });

  it('keeps the summary to one bounded line with (+N more)', () => {
    const many = Array.from({ length: 30 }, (_, i) => commit(100 + i, 20 + i, `Step number ${i} of the parser work\n\nAccord: ${MG_A}\n`));
    const { summary } = evidenceSince(evidenceFor(indexCommits(many), team().build()), since);
    assert.ok(summary.length <= EVIDENCE_LIMITS.summary, summary);
    assert.match(summary, /^Step number 0 of the parser work; Step number 1 .*; Step number \d+ of the parser work \(\+\d+ more\)$/);
    const shown = summary.split('; ').length;
    assert.equal(Number(/\(\+(\d+) more\)$/.exec(summary)![1]), 30 - shown);
    const long = [commit(200, 30, `${'😀'.repeat(300)}\n\nAccord: ${MG_A}\n`)];
    const one = evidenceSince(evidenceFor(indexCommits(long), team().build()), since).summary;
    assert.ok(one.length <= EVIDENCE_LIMITS.summary && one.endsWith('…'));
    assert.ok(!/[\ud800-\udbff]…$/.test(one), 'no half of an emoji');
  });
});

describe('evidence: incremental reading equals a cold read', () => {
  const ids = [MG_A, MG_B, MG_C, 'mg-unknown00000'];
  const history = fc
    .array(
      fc.record({
        ids: fc.subarray(ids, { maxLength: 3 }),
        done: fc.boolean(),
        revert: fc.option(fc.nat(39), { nil: undefined }),
        minutes: fc.nat(600),
      }),
      { maxLength: 40 },
    )
    .map((specs) =>
      specs
        .map((spec, i) => {
          const trailers = spec.ids.map((id) => `${spec.done ? 'Accord-Done' : 'Accord'}: ${id}`).join('\n');
          const revert = spec.revert !== undefined && spec.revert < i ? `This reverts commit ${hashOf(spec.revert + 1)}.\n\n` : '';
          return commit(i + 1, spec.minutes, `Commit ${i}\n\n${revert}${trailers}\n`);
        })
        .reverse(),
    );

  it('merges new batches (newest first, overlapping or not) into the index the cold read builds', () => {
    const state = team().build();
    fc.assert(
      fc.property(history, fc.nat(), fc.nat(), (commits, a, b) => {
        const cold = indexCommits(commits);
        const cut = commits.length === 0 ? 0 : a % (commits.length + 1);
        const overlap = commits.length === 0 ? 0 : b % (commits.length - cut + 1);
        // The old history first, then a pull of the newer commits (with some already-read ones again).
        const incremental = mergeCommits(mergeCommits(EMPTY_EVIDENCE, commits.slice(cut)), commits.slice(0, cut + overlap));
        assert.deepEqual(incremental, cold);
        assert.deepEqual(evidenceFor(incremental, state), evidenceFor(cold, state));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the old index as it was', () => {
    const first = indexCommits([commit(1, 10, `a\n\nAccord: ${MG_A}\n`)]);
    const second = mergeCommits(first, [commit(2, 20, `b\n\nAccord: ${MG_A}\n`)]);
    assert.equal(first.links.get(MG_A)!.length, 1);
    assert.equal(second.links.get(MG_A)!.length, 2);
    assert.equal(mergeCommits(second, [commit(3, 30, 'nothing\n')]), second, 'a batch with no evidence costs nothing');
  });
});

describe('evidence: from a real repository, with git revert', function () {
  this.timeout(60_000);
  isolateGitConfig();

  it('withdraws the completion when the Accord-Done commit is reverted with git revert, and gives it back on Reapply', () => {
    const repo = mkdtempSync(join(tmpdir(), 'accord-evidence-'));
    try {
      let minute = 0;
      const git = (...args: string[]) => {
        const date = `2026-03-10T09:${String(minute++).padStart(2, '0')}:00+01:00`;
        return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
      };
      const log = (): CommitInfo[] =>
        git('log', '-z', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%B')
          .split('\0')
          .filter((entry) => entry !== '')
          .map((entry) => {
            const [hash, parents, author, authorEmail, at, subject, message] = entry.split('\x1f') as [string, string, string, string, string, string, string];
            return { hash, parents: parents ? parents.split(' ') : [], author, authorEmail, at, subject, message };
          });
      git('init', '-q');
      git('config', 'user.name', 'Alex Rivera');
      git('config', 'user.email', 'alex@example.com');
      writeFileSync(join(repo, 'parser.ts'), 'export const parser = 1;\n');
      git('add', 'parser.ts');
      git('commit', '-q', '-m', 'Parser', '--trailer', `Accord: ${MG_A}`);
      writeFileSync(join(repo, 'parser.ts'), 'export const parser = 2;\n');
      git('commit', '-q', '-a', '-m', 'Finish the parser', '--trailer', `Accord-Done: ${MG_A}`);
      const state = team().build();
      const first = log();
      let index = indexCommits(first);
      assert.equal(doneByCommits(evidenceFor(index, state), state, 'alex')[0]!.kind, 'offer');

      git('revert', '--no-edit', 'HEAD');
      const seen = new Set(first.map((c) => c.hash));
      index = mergeCommits(
        index,
        log().filter((c) => !seen.has(c.hash)),
      );
      assert.deepEqual(doneByCommits(evidenceFor(index, state), state, 'alex'), [], 'the revert withdraws the offer');
      assert.deepEqual(index, indexCommits(log()), 'incremental equals cold');

      git('revert', '--no-edit', 'HEAD');
      index = indexCommits(log());
      assert.equal(doneByCommits(evidenceFor(index, state), state, 'alex')[0]!.commit.subject, 'Finish the parser');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('evidence: a reopen answers the commits that said done', () => {
  const done = (n: number, minutes: number, id: string, email = 'alex@example.com') =>
    commit(n, minutes, `Finish\n\nAccord-Done: ${id}\n`, { authorEmail: email });

  it('asks no more about an Accord-Done commit from before the micro-goal was reopened, and asks about a newer one', () => {
    const reopenedAt = new Date(Date.UTC(2026, 2, 10, 9, 30)).toISOString();
    const state = team().put('alex', MG_A, 'microGoal', { reopenedAt }).build();
    const before = evidenceFor(indexCommits([done(1, 10, MG_A)]), state).get(MG_A)!;
    assert.equal(before.doneBy, undefined);
    assert.equal(before.reopenedAt, Date.parse(reopenedAt));
    assert.deepEqual(doneByCommits(evidenceFor(indexCommits([done(1, 10, MG_A)]), state), state, 'alex'), []);
    const after = evidenceFor(indexCommits([done(2, 40, MG_A), done(1, 10, MG_A)]), state).get(MG_A)!;
    assert.equal(after.doneBy?.hash, hashOf(2));
  });

  it('keeps the rule when the evidence of two repositories is joined', () => {
    const reopenedAt = new Date(Date.UTC(2026, 2, 10, 9, 30)).toISOString();
    const state = team().put('alex', MG_A, 'microGoal', { reopenedAt }).build();
    const joined = mergeEvidence([evidenceFor(indexCommits([done(1, 10, MG_A)]), state), evidenceFor(indexCommits([done(3, 20, MG_A)]), state)]);
    assert.equal(joined.get(MG_A)!.doneBy, undefined);
  });

  it('lets any member of the team date a reopen, as they may tick it', () => {
    const state = team().put('sam', MG_A, 'microGoal', { done: false, reopenedAt: '2026-03-10T09:30:00Z' }).build();
    assert.equal(state.entities.microGoal.get(MG_A)!.reopenedAt, '2026-03-10T09:30:00Z');
    assert.equal(state.refused.length, 0);
  });
});
