import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { accordLinks, isMicroGoalRef, mayLinkMicroGoals, parseTrailers, type Trailer, TRAILER_LIMITS } from '../../src/core';
import { isolateGitConfig } from '../helpers/isolatedGit';

const MG_A = 'mg-3k9x0q2m7c1z';
const MG_B = 'mg-00aa11bb22cc';
const SCISSORS = '# ------------------------ >8 ------------------------';

describe('trailers: read as git reads them (git itself is the oracle)', function () {
  // Each case runs git a few times; on a busy shared machine that is slow, never wrong.
  this.timeout(120_000);
  isolateGitConfig();
  let repo = '';

  function git(args: string[], input?: string): string {
    return execFileSync('git', args, { cwd: repo, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /** Git's own reading: `git interpret-trailers --parse` (with `--no-divider` when asked), each printed line `key: value`. */
  function gitParse(message: string, divider = true): Trailer[] {
    return linesToTrailers(git(['interpret-trailers', '--parse', ...(divider ? [] : ['--no-divider'])], message));
  }

  function linesToTrailers(out: string): Trailer[] {
    return out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const at = line.indexOf(': ');
        return { key: line.slice(0, at), value: line.slice(at + 2) };
      });
  }

  /** The message of a commit exactly as stored: the commit object after its header. */
  function rawMessage(rev = 'HEAD'): string {
    const object = git(['cat-file', 'commit', rev]);
    return object.slice(object.indexOf('\n\n') + 2);
  }

  /** Commits `message` as it is (no clean-up), with extra `git commit` arguments, and returns the stored message. */
  function commitVerbatim(message: string, ...args: string[]): string {
    const file = join(repo, '.git', 'MESSAGE');
    writeFileSync(file, message);
    git(['commit', '--allow-empty', '--cleanup=verbatim', '-F', file, ...args]);
    return rawMessage();
  }

  /** Our reading agrees with git's, with and without the divider, and `git log --format=%(trailers)` agrees with the divider-less one. */
  function assertAgrees(message: string, rev?: string): Trailer[] {
    const ours = parseTrailers(message);
    assert.deepEqual(ours, gitParse(message), `--parse of ${JSON.stringify(message)}`);
    assert.deepEqual(parseTrailers(message, { divider: false }), gitParse(message, false), `--parse --no-divider of ${JSON.stringify(message)}`);
    if (rev) assert.deepEqual(parseTrailers(message, { divider: false }), linesToTrailers(git(['log', '-1', '--format=%(trailers:only,unfold)', rev])));
    return ours;
  }

  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'accord-trailers-'));
    git(['init', '-q']);
    git(['config', 'user.name', 'Sam Lee']);
    git(['config', 'user.email', 'sam@example.com']);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the trailers `git commit --trailer` and `-s` wrote, keys in any case', () => {
    git([
      'commit',
      '--allow-empty',
      '-q',
      '-m',
      'Parse trailers',
      '-m',
      'The parser follows git.',
      '--trailer',
      `Accord: ${MG_A}`,
      '--trailer',
      `accord-done: ${MG_B}`,
      '-s',
    ]);
    const message = rawMessage();
    assert.equal(message, `Parse trailers\n\nThe parser follows git.\n\nSigned-off-by: Sam Lee <sam@example.com>\nAccord: ${MG_A}\naccord-done: ${MG_B}\n`);
    assert.deepEqual(assertAgrees(message, 'HEAD'), [
      { key: 'Signed-off-by', value: 'Sam Lee <sam@example.com>' },
      { key: 'Accord', value: MG_A },
      { key: 'accord-done', value: MG_B },
    ]);
    assert.deepEqual(accordLinks(message), { links: [MG_A, MG_B], done: [MG_B] });
  });

  it('reads what `git interpret-trailers --trailer` added to a message with a Signed-off-by mix and prose in the block', () => {
    const typed = 'Cache the team state\n\nSigned-off-by: Sam Lee <sam@example.com>\nas discussed on Monday\n';
    const written = git(['interpret-trailers', '--trailer', `ACCORD-DONE: ${MG_A}`, '--trailer', `Accord: ${MG_B}`], typed);
    // Git saw a trailer block (a git-generated line, 50% trailers), so it appended to it.
    assert.equal(written, `${typed}ACCORD-DONE: ${MG_A}\nAccord: ${MG_B}\n`);
    const message = commitVerbatim(written);
    assert.deepEqual(
      assertAgrees(message, 'HEAD').map((t) => t.key),
      ['Signed-off-by', 'ACCORD-DONE', 'Accord'],
    );
    assert.deepEqual(accordLinks(message), { links: [MG_A, MG_B], done: [MG_A] });
  });

  it('finds no trailers outside the last paragraph, nor in the title', () => {
    const notLast = commitVerbatim(`Title\n\nAccord: ${MG_A}\n\nA closing paragraph of prose.\n`);
    assert.deepEqual(assertAgrees(notLast, 'HEAD'), []);
    assert.deepEqual(accordLinks(notLast), { links: [], done: [] });
    const titleOnly = commitVerbatim(`Accord: ${MG_A}\n`);
    assert.deepEqual(assertAgrees(titleOnly, 'HEAD'), []);
    // Trailing comment lines and empty lines are not a paragraph of their own.
    const trailingComments = `Title\n\nAccord: ${MG_A}\n\n# a comment\n\n`;
    assert.deepEqual(assertAgrees(trailingComments), [{ key: 'Accord', value: MG_A }]);
  });

  it('refuses a block with prose unless a git-generated trailer is there and trailers are a quarter of it', () => {
    const prose = commitVerbatim(`Title\n\nAccord: ${MG_A}\nand some words\n`);
    assert.deepEqual(assertAgrees(prose, 'HEAD'), [], 'all trailers, or a git-generated one');
    const quarter = `Title\n\nAccord: ${MG_A}\none\ntwo\nthree\nfour\nfive\nsix\nSigned-off-by: Sam <sam@example.com>\n`;
    assert.deepEqual(
      assertAgrees(quarter).map((t) => t.key),
      ['Accord', 'Signed-off-by'],
      '2 trailers, 6 other lines: exactly a quarter',
    );
    const tooMuch = `Title\n\nAccord: ${MG_A}\none\ntwo\nthree\nfour\nfive\nsix\nseven\nSigned-off-by: Sam <sam@example.com>\n`;
    assert.deepEqual(assertAgrees(tooMuch), [], '2 trailers, 7 other lines: less than a quarter');
    const cherry = commitVerbatim(`Title\n\nAccord-Done: ${MG_A}\nprose\nmore prose\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n`);
    assert.deepEqual(assertAgrees(cherry, 'HEAD'), [{ key: 'Accord-Done', value: MG_A }]);
  });

  it('unfolds continuation lines into one value, and a folded id is no id', () => {
    const message = commitVerbatim(`Title\n\nAccord: ${MG_A}\nNote: a long\n  folded\n\tvalue\nAccord-Done:\n  ${MG_B}\n`);
    assert.deepEqual(assertAgrees(message, 'HEAD'), [
      { key: 'Accord', value: MG_A },
      { key: 'Note', value: 'a long folded value' },
      { key: 'Accord-Done', value: MG_B },
    ]);
    assert.deepEqual(accordLinks(message), { links: [MG_A, MG_B], done: [MG_B] });
    const split = `Title\n\nAccord: mg-3k9x0q\n 2m7c1z\n`;
    assert.deepEqual(assertAgrees(split), [{ key: 'Accord', value: 'mg-3k9x0q 2m7c1z' }]);
    assert.deepEqual(accordLinks(split).links, []);
  });

  it('reads CRLF messages as git does', () => {
    const message = commitVerbatim(`Title\r\n\r\nBody\r\n\r\nAccord: ${MG_A}\r\nAccord-Done: ${MG_B}\r\nNote: folded\r\n  value\r\n`);
    assert.ok(message.includes('\r\n'), 'stored with its CRs');
    assert.deepEqual(assertAgrees(message, 'HEAD'), [
      { key: 'Accord', value: MG_A },
      { key: 'Accord-Done', value: MG_B },
      { key: 'Note', value: 'folded\r value' },
    ]);
    assert.deepEqual(accordLinks(message), { links: [MG_A, MG_B], done: [MG_B] });
  });

  it('stops at a `---` patch part, where `git commit --trailer` puts its trailer above it', () => {
    git(['commit', '--allow-empty', '-q', '-m', 'Fix\n\nsome text\n---\nnotes below the line', '--trailer', `Accord-Done: ${MG_A}`]);
    const message = rawMessage();
    assert.equal(message, `Fix\n\nsome text\n\nAccord-Done: ${MG_A}\n---\nnotes below the line\n`);
    assert.deepEqual(assertAgrees(message, 'HEAD'), [{ key: 'Accord-Done', value: MG_A }]);
    assert.deepEqual(parseTrailers(message, { divider: false }), [], 'git log --format=%(trailers) reads past the line, and sees prose');
    assert.deepEqual(accordLinks(message), { links: [MG_A], done: [MG_A] }, 'what git wrote is found');
    // `---` counts only before whitespace; a rule of dashes (GitHub's squash merges write one) is text.
    for (const line of ['--- patch', '---\t', '---\r'])
      assert.deepEqual(assertAgrees(`Fix\n\nAccord: ${MG_A}\n${line}\nKey: v\n`), [{ key: 'Accord', value: MG_A }]);
    const squash = `Squash (#12)\n\n* one\n\n* two\n\n---------\n\nAccord: ${MG_A}\nCo-authored-by: Ana <ana@example.com>\n`;
    assert.deepEqual(
      assertAgrees(squash).map((t) => t.key),
      ['Accord', 'Co-authored-by'],
    );
  });

  it("stops at `git commit -v`'s scissors line and skips comments, an old Conflicts block and a NUL's tail", () => {
    assert.deepEqual(assertAgrees(`Fix\n\nAccord: ${MG_A}\n${SCISSORS}\nAccord-Done: ${MG_B}\n`), [{ key: 'Accord', value: MG_A }]);
    assert.deepEqual(assertAgrees(`${SCISSORS}\nFix\n\nAccord: ${MG_A}\n`), []);
    assert.deepEqual(assertAgrees(`Merge\n\nAccord: ${MG_A}\n# a comment\nKey: v\nConflicts:\n\tsrc/a.ts\n\tsrc/b.ts\n\n# more\n`), [
      { key: 'Accord', value: MG_A },
      { key: 'Key', value: 'v' },
    ]);
    assert.deepEqual(assertAgrees(`Fix\n\nAccord: ${MG_A}\n\0\nAccord-Done: ${MG_B}\n`), [{ key: 'Accord', value: MG_A }]);
  });

  it('takes only ASCII tokens with blanks before the colon, as git does', () => {
    const message = `Fix\n\nAccord : ${MG_A}\nAccord\t:${MG_B}\nSee: http://example.com/a:b\nhttp://example.com\n`;
    assert.deepEqual(assertAgrees(message), [
      { key: 'Accord', value: MG_A },
      { key: 'Accord', value: MG_B },
      { key: 'See', value: 'http://example.com/a:b' },
      { key: 'http', value: '//example.com' },
    ]);
    for (const line of ['Bad Key: v', ' Key: v', ':v', 'Clé: v', 'Key v']) assert.deepEqual(assertAgrees(`Fix\n\n${line}\n`), [], line);
  });

  it('agrees with git on generated messages (property, 100 runs each way)', () => {
    const token = fc.constantFrom('Accord', 'accord', 'ACCORD-DONE', 'Accord-Done', 'Signed-off-by', 'Co-authored-by', 'K', '-', 'a-1', 'Bad Key');
    const separator = fc.constantFrom(':', ': ', ' : ', '\t:', ':  ');
    const value = fc.constantFrom(MG_A, 'mg-1', 'MG-1', `${MG_A} ${MG_B}`, '', ' x ', 'é', 'a: b');
    const trailerLine = fc.tuple(token, separator, value).map(([k, s, v]) => k + s + v);
    const fixed = fc.constantFrom(
      '',
      ' ',
      '\t',
      '#',
      '# note',
      '---',
      '--- x',
      '----',
      'Conflicts:',
      '\tsrc/a.ts',
      '  folded',
      '(cherry picked from commit 0123abc)',
      'Signed-off-by: Ana <ana@example.com>',
      'Signed-off-by:x',
      'prose here',
      'http://x.org',
      ':x',
    );
    const noise = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', ':', ' ', '\t', '#', '\r', 'é'), maxLength: 10 });
    const messages = (withScissors: boolean) =>
      fc
        .tuple(
          fc.array(fc.tuple(fc.oneof(trailerLine, fixed, noise, withScissors ? fc.constant(SCISSORS) : noise), fc.constantFrom('\n', '\n', '\r\n')), {
            maxLength: 14,
          }),
          fc.boolean(),
        )
        .map(([lines, finalEol]) => lines.map(([line, eol], i) => line + (i < lines.length - 1 || finalEol ? eol : '')).join(''));
    // With the divider, no scissors: git 2.39 never returns when a scissors line sits below a `---` line (see locateEnd).
    fc.assert(
      fc.property(messages(false), (message) => {
        assert.deepEqual(parseTrailers(message), gitParse(message));
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(messages(true), (message) => {
        assert.deepEqual(parseTrailers(message, { divider: false }), gitParse(message, false));
      }),
      { numRuns: 100 },
    );
  });
});

describe('trailers: bounds and untrusted input', () => {
  it('reads the text above the `---` line where git 2.39 would never return (a scissors line below it)', () => {
    assert.deepEqual(parseTrailers(`Fix\n\nAccord: ${MG_A}\n---\nfoo\n${SCISSORS}\nbar\n`), [{ key: 'Accord', value: MG_A }]);
  });

  it('reads nothing from a message over the length bound, and at most the bounded number of trailers', () => {
    const huge = `Fix\n\n${'x'.repeat(TRAILER_LIMITS.messageChars)}\n\nAccord: ${MG_A}\n`;
    assert.deepEqual(parseTrailers(huge), []);
    const many = `Fix\n\n${Array.from({ length: 500 }, (_, i) => `Accord: mg-${i}`).join('\n')}\n`;
    const trailers = parseTrailers(many);
    assert.equal(trailers.length, TRAILER_LIMITS.trailers);
    assert.deepEqual(trailers[0], { key: 'Accord', value: 'mg-0' });
    assert.equal(accordLinks(many).links.length, TRAILER_LIMITS.linksPerCommit);
  });

  it('ignores values that are not one id, and never throws', () => {
    const message = `Fix\n\nAccord: mg-${'a'.repeat(100)}\nAccord: MG-1\nAccord: #mg-1\nAccord: ${MG_A}, ${MG_B}\nAccord-Done: ${MG_A}\nAccord-Done: ${MG_A}\nAccord: ${MG_A}\nAccording: ${MG_B}\n`;
    assert.deepEqual(accordLinks(message), { links: [MG_A], done: [MG_A] });
    assert.equal(isMicroGoalRef(MG_A), true);
    assert.equal(isMicroGoalRef(''), false);
    assert.equal(isMicroGoalRef(`mg-${'a'.repeat(97)}`), true);
    assert.equal(isMicroGoalRef(`mg-${'a'.repeat(98)}`), false);
    for (const input of [undefined, null, 42, {}] as unknown as string[]) {
      assert.deepEqual(parseTrailers(input), []);
      assert.deepEqual(accordLinks(input), { links: [], done: [] });
    }
  });

  it('passes over a message only when no Accord trailer is in it, whatever the case (property, 300 runs)', () => {
    assert.equal(mayLinkMicroGoals(`Fix\n\naCcOrD-dOnE: ${MG_A}\n`), true);
    assert.equal(mayLinkMicroGoals('Fix\n\nSigned-off-by: Sam <s@example.org>\n'), false);
    assert.equal(mayLinkMicroGoals(42), false);
    const pieces = [
      'Fix',
      'Accord',
      'ACCORD',
      'accord-Done',
      'Acc',
      'ord',
      '-Done',
      ':',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\n\n',
      MG_A,
      'Signed-off-by: S',
      '#',
      '---',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const message = parts.join('');
        const keys = parseTrailers(message).map((t) => t.key.toLowerCase());
        // The full parser (git's rules) finds an Accord key only where the quick look says it may.
        if (keys.includes('accord') || keys.includes('accord-done')) assert.equal(mayLinkMicroGoals(message), true, JSON.stringify(message));
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear on a long line of token characters and on many blank lines', () => {
    const longToken = `Fix\n\n${'a'.repeat(500_000)}: ${MG_A}\n`;
    assert.deepEqual(parseTrailers(longToken), [{ key: 'a'.repeat(500_000), value: MG_A }]);
    const blanks = `Fix\n${' \n'.repeat(200_000)}Accord: ${MG_A}\n`;
    assert.deepEqual(accordLinks(blanks).links, [MG_A]);
  });
});
