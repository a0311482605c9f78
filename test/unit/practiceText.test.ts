import { strict as assert } from 'node:assert';
import { builtInExercises, parsePracticeFile, type RewriteExercise, type RolePlayExercise } from '../../src/core/practice';
import { emptyProgress, recordAttempt } from '../../src/core/practiceProgress';
import { scoreAnswer, scoreRewrite } from '../../src/core/practiceScore';
import {
  defensiveHint,
  doneText,
  exampleLines,
  missedLabel,
  problemLines,
  problemsHeadline,
  progressByKind,
  progressLine,
  scoreHeadline,
  scoreLines,
} from '../../src/relationship/practiceText';

const builtIn = builtInExercises();
const firstRewrite = builtIn.find((e): e is RewriteExercise => e.kind === 'rewrite')!;
const firstRolePlay = builtIn.find((e): e is RolePlayExercise => e.kind === 'rolePlay')!;

describe('Practice Feedback: what the person reads', () => {
  describe('progress', () => {
    it('counts the exercises of each kind scored at least once, and names the rule missed most', () => {
      let progress = emptyProgress();
      assert.equal(progressLine(builtIn, progress), 'Pick a way to practise. Nothing is shared: your progress stays on this computer.');
      assert.equal(doneText(progressByKind(builtIn, progress).rewrite), 'none of 42 done yet');

      progress = recordAttempt(progress, firstRewrite, scoreRewrite(firstRewrite.example));
      assert.equal(progressLine(builtIn, progress), '1 of 52 exercises done. Nothing missed so far.');
      // Trying the same exercise again is still one exercise done.
      progress = recordAttempt(progress, firstRewrite, scoreRewrite({ ...firstRewrite.example, behaviour: 'You never review anything' }));
      assert.deepEqual(progressByKind(builtIn, progress), { rewrite: { done: 1, total: 42 }, rolePlay: { done: 0, total: 10 } });
      assert.equal(doneText(progressByKind(builtIn, progress).rewrite), '1 of 42 done');
      assert.equal(progressLine(builtIn, progress), '1 of 52 exercises done. The rule you miss most: "never" generalizes from one moment.');
    });

    it('names every kind of missed rule in words, never as an id', () => {
      assert.equal(missedLabel('always'), '"always" generalizes from one moment');
      assert.equal(missedLabel('dont-care'), '"you don\'t care" guesses at intent');
      assert.equal(missedLabel('you-are'), '"you are …" describes the person, not the behaviour');
      assert.equal(missedLabel('yes-but'), '"yes, but" argues back');
      assert.equal(missedLabel('you-too'), '"you too" turns the feedback around');
      assert.equal(missedLabel('situation.specific'), 'a specific situation');
      assert.equal(missedLabel('request.present'), 'writing the request');
      assert.equal(missedLabel('impact.observable'), 'an observable impact');
      assert.equal(missedLabel('answer.curious'), 'asking a question');
      assert.equal(missedLabel('answer.calm'), 'staying open');
      // An id from an older or newer Accord in storage reads as itself, made safe.
      assert.equal(missedLabel('$(bell)'), '"$\u200B(bell)"');
    });
  });

  describe('the score', () => {
    it('explains each part of a full rewrite, with every point’s reason', () => {
      const score = scoreRewrite(firstRewrite.example);
      assert.equal(scoreHeadline(firstRewrite, score), '12 of 12 points. Every part reads as an observation.');
      assert.deepEqual(scoreLines(score), [
        '✓ Situation, 3 of 3: It is there. It names when or where, so the other person can picture the moment. No judgment words: it describes rather than labels.',
        '✓ Behaviour, 3 of 3: It is there. It describes what happened, as a camera would have seen it. No judgment words: it describes rather than labels.',
        '✓ Impact, 3 of 3: It is there. It says what it meant for you, the team or the work. No judgment words: it describes rather than labels.',
        '✓ Request, 3 of 3: It is there. It is a question or a concrete ask the other person can say yes to. No judgment words: it describes rather than labels.',
      ]);
    });

    it('gives a part left empty only the reason to write it, and quotes judging words as the coach does', () => {
      const score = scoreRewrite({ situation: '', behaviour: 'You are lazy', impact: 'I waited two hours', request: 'Could you reply by noon?' });
      assert.equal(scoreHeadline(firstRewrite, score), '7 of 12 points. Here is what would earn the rest.');
      const [situation, behaviour] = scoreLines(score);
      assert.equal(situation, '→ Situation, 0 of 3: Add the situation: every part helps the other person understand.');
      assert.match(
        behaviour!,
        /^→ Behaviour, 1 of 3: It is there\. Try saying exactly what happened.* "You are lazy" describes the person, not the behaviour\./,
      );
    });

    it('quotes the person’s own words as text: a bidi override in them is shown, not obeyed', () => {
      const [, behaviour] = scoreLines(scoreRewrite({ behaviour: 'Then you are \u202Elazy about it' }));
      assert.ok(behaviour!.includes('"you are <U+202E>lazy" describes the person'), behaviour);
      assert.ok(!behaviour!.includes('\u202E'), behaviour);
    });

    it('explains a defensive role-play answer, and the coach names the phrase while it is typed', () => {
      const answer = 'Thanks, but you also merged without tests last week.';
      const score = scoreAnswer(answer);
      assert.equal(scoreHeadline(firstRolePlay, score), '1 of 5 points. Here is what would earn the rest.');
      const lines = scoreLines(score);
      assert.equal(lines[0], '✓ Acknowledge, 1 of 1: It shows you heard them.');
      assert.match(lines[3]!, /^→ Stay open, 0 of 2: "but" argues back\. .* "you also" turns the feedback around\./);
      assert.match(defensiveHint(answer)!, /^Coach: "but" argues back\. A "but" takes back what came before it.* \(1 more: "you also"\)$/);
      assert.equal(defensiveHint('Thanks for telling me. What would help most?'), undefined);
      assert.equal(scoreHeadline(firstRolePlay, scoreAnswer(firstRolePlay.example)), '5 of 5 points. An open answer.');
    });

    it('shows the exercise’s example: the four parts of a rewrite, the answer of a role play', () => {
      assert.deepEqual(exampleLines(firstRewrite), [
        'One way to write it:',
        `Situation: ${firstRewrite.example.situation}`,
        `Behaviour: ${firstRewrite.example.behaviour}`,
        `Impact: ${firstRewrite.example.impact}`,
        `Request: ${firstRewrite.example.request}`,
      ]);
      assert.deepEqual(exampleLines(firstRolePlay), ['An answer that works:', firstRolePlay.example]);
    });
  });

  describe("a team file's problems", () => {
    it('names the file, the place and the fix, with the file’s words made safe', () => {
      const { problems } = parsePracticeFile(
        JSON.stringify({ schema: 1, exercises: [{ kind: 'rewrite', id: 'x', title: '$(bell) \u202E', situation: 1 }] }),
        '.accord/practice.json',
        'team',
      );
      assert.equal(problemsHeadline(problems), 'One exercise in .accord/practice.json could not be read; the others work as usual.');
      const [line] = problemLines(problems);
      assert.match(line!, /^At exercises\[0\]\.situation: Exercise 1 \(situation\): .* Fix: Fix it by hand/);
    });

    it('says the built-in exercises work when the whole file cannot be read', () => {
      const { problems } = parsePracticeFile('{ not json', '.accord/practice.json', 'team');
      assert.equal(problemsHeadline(problems), '.accord/practice.json cannot be read; the built-in exercises work as usual.');
      assert.match(problemLines(problems)[0]!, /^The file: The file is not valid JSON \(.*\)\. Fix: Fix the JSON by hand or restore the file with git\.$/);
    });
  });
});
