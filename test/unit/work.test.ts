import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  accordLinks,
  branchNameFor,
  coAuthorValue,
  type CommitInfo,
  evidenceFor,
  indexCommits,
  memberEntityId,
  mergeEvidence,
  microGoalOfBranch,
  myEvidence,
  withTrailerLines,
  workTrailerLines,
} from '../../src/core';
import { isolateGitConfig } from '../helpers/isolatedGit';
import { teamBuilder } from './helpers/teamBuilder';

const MG = 'mg-3k9x0q2m7c1z';

/** What `git interpret-trailers --parse` reads in a message: git itself is the oracle. */
function gitTrailers(message: string): string[] {
  const out = execFileSync('git', ['interpret-trailers', '--parse'], { input: message }).toString('utf8');
  return out.split('\n').filter(Boolean);
}

describe('work: the trailers Start Work puts in the commit message', () => {
  isolateGitConfig();
  const lines = workTrailerLines({ microGoal: MG, coAuthors: [{ name: 'Sam Lee', email: 'sam@example.com' }] });

  it('names the micro-goal and credits the partner who pairs, once each', () => {
    assert.deepEqual(lines, [`Accord: ${MG}`, 'Co-authored-by: Sam Lee <sam@example.com>']);
    assert.deepEqual(workTrailerLines({ microGoal: MG, finishing: true }), [`Accord-Done: ${MG}`]);
    const twice = workTrailerLines({
      microGoal: MG,
      coAuthors: [
        { name: 'Sam', email: 's@x.org' },
        { name: 'Sam', email: 's@x.org' },
      ],
    });
    assert.equal(twice.length, 2);
  });

  it('keeps a partner name from a hostile member file on one line, without angle brackets or bidi controls', () => {
    assert.equal(
      coAuthorValue({ name: 'Sam\nSigned-off-by: Mallory <m@evil>', email: 'sam@example.com' }),
      'Sam Signed-off-by: Mallory m@evil <sam@example.com>',
    );
    assert.equal(coAuthorValue({ name: 'Sam \u202eeil', email: 'sam@example.com' }), 'Sam eil <sam@example.com>');
    assert.equal(coAuthorValue({ name: 'Sam', email: 'not an email' }), undefined);
    assert.equal(coAuthorValue({ name: 'Sam', email: 'sam@example.com>\nAccord-Done: mg-x' }), undefined);
    assert.equal(coAuthorValue({ name: ' <> ', email: 'sam@example.com' }), undefined);
  });

  it('puts the trailers in an empty input box after a blank subject line, and git reads them', () => {
    const message = withTrailerLines('', [], lines);
    assert.equal(message, `\n\nAccord: ${MG}\nCo-authored-by: Sam Lee <sam@example.com>`);
    const typed = `Parse the trailers${message}`;
    assert.deepEqual(gitTrailers(typed), [`Accord: ${MG}`, 'Co-authored-by: Sam Lee <sam@example.com>']);
    assert.deepEqual(accordLinks(typed).links, [MG]);
  });

  it('never loses what the person typed: a subject and body stay, the trailers go after them', () => {
    const message = withTrailerLines('Fix the parser\n\nIt read the first paragraph.', [], lines);
    assert.equal(message, `Fix the parser\n\nIt read the first paragraph.\n\nAccord: ${MG}\nCo-authored-by: Sam Lee <sam@example.com>`);
    assert.deepEqual(gitTrailers(message), lines);
  });

  it('joins a trailer block the person already has (Signed-off-by) instead of starting another', () => {
    const message = withTrailerLines('Fix\n\nSigned-off-by: Alex <alex@example.com>', [], [`Accord: ${MG}`]);
    assert.equal(message, `Fix\n\nSigned-off-by: Alex <alex@example.com>\nAccord: ${MG}`);
    assert.deepEqual(gitTrailers(message), ['Signed-off-by: Alex <alex@example.com>', `Accord: ${MG}`]);
  });

  it('switching micro-goal replaces only its own line, and Stop Work gives back the message as typed', () => {
    const typed = 'Fix the parser';
    const started = withTrailerLines(typed, [], lines);
    const other = workTrailerLines({ microGoal: 'mg-00aa11bb22cc' });
    const switched = withTrailerLines(started, lines, other);
    assert.equal(switched, 'Fix the parser\n\nAccord: mg-00aa11bb22cc');
    assert.equal(withTrailerLines(switched, other, []), typed);
    assert.equal(withTrailerLines(withTrailerLines('', [], lines), lines, []), '');
  });

  it('leaves a trailer line the person edited, and keeps CRLF line ends', () => {
    const edited = `Fix\n\nAccord: ${MG} and more`;
    assert.equal(withTrailerLines(edited, [`Accord: ${MG}`], []), edited);
    const crlf = withTrailerLines('Fix\r\n\r\nBody', [], [`Accord: ${MG}`]);
    assert.equal(crlf, `Fix\r\n\r\nBody\r\n\r\nAccord: ${MG}`);
  });

  it('does not add a line the message already has, and returns the message itself when nothing changes', () => {
    const message = `Fix\n\nAccord: ${MG}`;
    assert.equal(withTrailerLines(message, [], [`Accord: ${MG}`]), message);
  });

  it('for any typed text, adding then taking back the trailers gives the text back (trailing blank lines aside)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r\n', 'K', ':', '-', 'é') }), (typed) => {
        const started = withTrailerLines(typed, [], lines);
        assert.ok(started.includes(`Accord: ${MG}`));
        const back = withTrailerLines(started, lines, []);
        assert.equal(back.trimEnd(), typed.trimEnd(), `typed ${JSON.stringify(typed)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('work: the branch named after a micro-goal', () => {
  isolateGitConfig();
  it('is <id>-<title words>, in ASCII, and git accepts it', () => {
    assert.equal(branchNameFor(MG, 'Parse the trailers!'), `${MG}-parse-the-trailers`);
    assert.equal(branchNameFor(MG, 'Café au lait'), `${MG}-cafe-au-lait`);
    assert.equal(branchNameFor(MG, '日本語のタイトル'), MG);
    assert.equal(branchNameFor('mg-x.lock', ''), 'mg-x-lock');
    const long = branchNameFor(MG, 'word '.repeat(40));
    assert.ok(long.length <= 60 && !long.endsWith('-'));
    for (const name of [branchNameFor('mg:odd..id', 'x'), long, branchNameFor(MG, '---')]) execFileSync('git', ['check-ref-format', '--branch', name]);
  });

  it('never makes the data branch impossible: no branch Start Work offers is accord/… (git refs are files)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9._:-]{0,30}$/), fc.string(), (id, title) => {
        assert.ok(!branchNameFor(id, title).includes('/'));
      }),
    );
  });

  it('names its micro-goal back, and nothing for other branches', () => {
    const state = teamBuilder().member('alex').micro(MG, { owner: 'alex', title: 'Parse' }).build();
    assert.equal(microGoalOfBranch(state, branchNameFor(MG, 'Parse')), MG);
    assert.equal(microGoalOfBranch(state, MG), MG);
    assert.equal(microGoalOfBranch(state, 'main'), undefined);
    assert.equal(microGoalOfBranch(state, 'mg-unknown'), undefined);
    assert.equal(microGoalOfBranch(state, `${MG}x`), undefined);
    assert.equal(microGoalOfBranch(state, undefined), undefined);
  });
});

describe('work: my evidence, for my check-in', () => {
  it('keeps only the commits I wrote, by my git email or my profile email', () => {
    const state = teamBuilder()
      .member('alex')
      .member('sam')
      .put('sam', memberEntityId('sam'), 'member', { email: 'sam@example.com' })
      .micro(MG, { owner: 'alex', title: 'Parse' })
      .micro('mg-00aa11bb22cc', { owner: 'sam', title: 'Link' })
      .build();
    const commit = (n: number, email: string, id: string): CommitInfo => ({
      hash: n.toString(16).padStart(40, '0'),
      parents: [],
      author: email,
      authorEmail: email,
      at: `2026-03-10T09:0${n}:00Z`,
      subject: `work ${n}`,
      message: `work ${n}\n\nAccord: ${id}\n`,
    });
    const evidence = evidenceFor(
      indexCommits([commit(1, 'alex@work.example', MG), commit(2, 'sam@example.com', 'mg-00aa11bb22cc'), commit(3, 'sam@example.com', MG)]),
      state,
    );
    const alex = myEvidence(evidence, state, 'alex', 'ALEX@work.example');
    assert.deepEqual([...alex.keys()], [MG]);
    assert.deepEqual(
      alex.get(MG)!.commits.map((c) => c.subject),
      ['work 1'],
    );
    const sam = myEvidence(evidence, state, 'sam');
    assert.deepEqual([...sam.keys()].sort(), [MG, 'mg-00aa11bb22cc'].sort());
    assert.equal(myEvidence(evidence, state, 'alex').size, 0);
  });
});

describe('work: evidence from several repositories', () => {
  const state = teamBuilder().member('alex').micro(MG, { owner: 'alex', title: 'Parse' }).build();
  const commit = (n: number, message: string): CommitInfo => ({
    hash: n.toString(16).padStart(40, '0'),
    parents: [],
    author: 'Alex',
    authorEmail: 'alex@example.com',
    at: `2026-03-10T09:0${n}:00Z`,
    subject: message.split('\n')[0]!,
    message,
  });

  it('joins the commits of each repository, newest first, each once, and offers the newest finishing one', () => {
    const app = evidenceFor(indexCommits([commit(3, `Done\n\nAccord-Done: ${MG}\n`), commit(1, `Start\n\nAccord: ${MG}\n`)]), state);
    const notes = evidenceFor(indexCommits([commit(2, `Notes\n\nAccord: ${MG}\n`), commit(1, `Start\n\nAccord: ${MG}\n`)]), state);
    const merged = mergeEvidence([notes, app]).get(MG)!;
    assert.deepEqual(
      merged.commits.map((c) => c.subject),
      ['Done', 'Notes', 'Start'],
    );
    assert.equal(merged.doneBy?.subject, 'Done');
    assert.equal(merged.backed, true);
    assert.equal(mergeEvidence([app]), app, 'one repository is returned as it is');
  });
});
