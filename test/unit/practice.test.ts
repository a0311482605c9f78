import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coach, COACH_RULES } from '../../src/core/coach';
import {
  builtInExercises,
  type Exercise,
  MAX_EXERCISES,
  MAX_PRACTICE_BYTES,
  parsePracticeFile,
  practiceExercises,
  type RewriteExercise,
  type RolePlayExercise,
} from '../../src/core/practice';
import { emptyProgress, nextExercise, readProgress, recordAttempt, weakestRules } from '../../src/core/practiceProgress';
import { DEFENSIVE_RULES, defensiveNotes, scoreAnswer, scoreRewrite } from '../../src/core/practiceScore';
import { safeText } from '../../src/core/safeText';
import { readPracticeExercises } from '../../src/store/practiceFile';

const builtIn = builtInExercises();
const rewrites = builtIn.filter((e): e is RewriteExercise => e.kind === 'rewrite');
const rolePlays = builtIn.filter((e): e is RolePlayExercise => e.kind === 'rolePlay');
const ids = (notes: readonly { rule: { id: string } }[]) => notes.map((n) => n.rule.id).sort();
const check = (score: ReturnType<typeof scoreRewrite> | ReturnType<typeof scoreAnswer>, id: string) =>
  score.parts.flatMap((p) => p.checks).find((c) => c.id === id)!;

/** A team exercise that passes every check, with fields replaced as given. */
function teamRewrite(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'rewrite',
    id: 'our-deploys',
    title: 'Deploys on Friday',
    situation: 'A deploy went out on Friday evening.',
    sentence: 'You always deploy on Friday evening.',
    rules: ['always'],
    hints: ['Name the deploy.'],
    example: {
      situation: 'On Friday at 18:00',
      behaviour: 'The deploy of the billing service went out at 18:00 after the office had emptied',
      impact: 'I was paged at 19:00 and worked until 21:00',
      request: 'Could we deploy before 16:00 on Fridays?',
    },
    ...fields,
  };
}
const teamFile = (exercises: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ schema: 1, exercises, ...extra });
const parseTeam = (text: string) => parsePracticeFile(text, '.accord/practice.json', 'team');

describe('Practice Feedback', () => {
  describe('the built-in exercises', () => {
    it('offer at least 30 rewrites and 8 role-plays, each with its own id, a title, a situation and hints', () => {
      assert.ok(rewrites.length >= 30, `${rewrites.length} rewrites`);
      assert.ok(rolePlays.length >= 8, `${rolePlays.length} role-plays`);
      assert.equal(new Set(builtIn.map((e) => e.id)).size, builtIn.length);
      for (const e of builtIn) {
        assert.equal(e.origin, 'built-in');
        assert.ok(e.title && e.situation && e.hints.length > 0, e.id);
      }
    });

    it('each rewrite sentence fires exactly the coach rules it lists', () => {
      for (const e of rewrites) assert.deepEqual(ids(coach(e.sentence)), [...e.rules].sort(), `${e.id}: "${e.sentence}"`);
    });

    it('each example rewrite scores full marks', () => {
      for (const e of rewrites) {
        const score = scoreRewrite(e.example);
        assert.deepEqual([score.points, score.max, score.missed], [12, 12, []], e.id);
      }
    });

    it('together cover every coach rule', () => {
      const covered = new Set(rewrites.flatMap((e) => e.rules));
      assert.deepEqual(
        COACH_RULES.map((r) => r.id).filter((id) => !covered.has(id)),
        [],
      );
    });

    it('each role-play defensive sample fires exactly the rules it lists, and scores below full', () => {
      for (const e of rolePlays) {
        assert.deepEqual(ids(defensiveNotes(e.defensive)), [...e.rules].sort(), `${e.id}: "${e.defensive}"`);
        assert.equal(check(scoreAnswer(e.defensive), 'answer.calm').points, 0, e.id);
      }
    });

    it('each role-play example answer scores full marks, and together they cover every defensive rule', () => {
      for (const e of rolePlays) assert.deepEqual([scoreAnswer(e.example).points, scoreAnswer(e.example).max], [5, 5], e.id);
      const covered = new Set(rolePlays.flatMap((e) => e.rules));
      assert.deepEqual(
        DEFENSIVE_RULES.map((r) => r.id).filter((id) => !covered.has(id)),
        [],
      );
    });
  });

  describe('scoring a rewrite', () => {
    const good = rewrites.find((e) => e.id === 'rushed-merge')!.example;

    it('explains a coach rule that fires in a part with the coach’s own words, and counts the rule as missed', () => {
      const score = scoreRewrite({ ...good, behaviour: 'You never wait for CI and you were reckless' });
      assert.equal(score.points, 11);
      const observable = check(score, 'behaviour.observable');
      assert.equal(observable.points, 0);
      assert.match(observable.reason, /^"never" generalizes from one moment\. Name the occasion/);
      assert.match(observable.reason, /"reckless" judges rather than describes\./);
      assert.deepEqual([...score.missed].sort(), ['careless', 'never']);
    });

    it('gives nothing for an empty rewrite and says what to add, part by part', () => {
      const score = scoreRewrite({});
      assert.deepEqual([score.points, score.max, score.full], [0, 12, false]);
      assert.deepEqual(
        score.parts.map((p) => p.label),
        ['Situation', 'Behaviour', 'Impact', 'Request'],
      );
      assert.match(check(score, 'request.present').reason, /Add the request/);
    });

    it('asks the situation to name when or where: a day, a number or a reference counts', () => {
      assert.equal(check(scoreRewrite({ ...good, situation: 'Recently, somewhere' }), 'situation.specific').points, 0);
      assert.match(check(scoreRewrite({ ...good, situation: 'Recently' }), 'situation.specific').reason, /when or where/);
      for (const situation of ['On Tuesday', 'In #233', 'Am 14.3.', 'In `release/2.4`', 'In the sprints before the launch']) {
        assert.equal(check(scoreRewrite({ ...good, situation }), 'situation.specific').points, 1, situation);
      }
    });

    it('asks the behaviour for a few words that are not vague', () => {
      assert.equal(check(scoreRewrite({ ...good, behaviour: 'Merged it' }), 'behaviour.specific').points, 0);
      assert.equal(check(scoreRewrite({ ...good, behaviour: 'You changed some stuff in the parser' }), 'behaviour.specific').points, 0);
      // Text without spaces (Japanese) is counted by characters.
      assert.equal(check(scoreRewrite({ ...good, behaviour: 'テストが終わる前にマージされた' }), 'behaviour.specific').points, 1);
    });

    it('asks the impact to say whom it touched or how much', () => {
      assert.equal(check(scoreRewrite({ ...good, impact: 'It was not good' }), 'impact.specific').points, 0);
      assert.equal(check(scoreRewrite({ ...good, impact: 'The release slipped two days' }), 'impact.specific').points, 1);
      assert.equal(check(scoreRewrite({ ...good, impact: 'We lost the afternoon' }), 'impact.specific').points, 1);
    });

    it('asks the request to be a question or a concrete ask, in any script’s question mark', () => {
      assert.equal(check(scoreRewrite({ ...good, request: 'Do better.' }), 'request.specific').points, 0);
      assert.deepEqual(scoreRewrite({ ...good, request: 'Do better.' }).missed, ['request.specific']);
      for (const request of [
        'Please wait for CI.',
        'Next time, wait for the green check.',
        '¿Podrías esperar al CI?',
        'CIを待ってもらえますか？',
        'هل يمكنك الانتظار؟',
      ]) {
        assert.equal(check(scoreRewrite({ ...good, request }), 'request.specific').points, 1, request);
      }
    });

    it('never gives full marks to a judgmental rewrite, and gives them to a plain, factual one (cases from a review)', () => {
      const judged = [
        {
          situation: 'On Tuesday after your push',
          behaviour: 'the build broke because you pushed garbage code',
          impact: 'we wasted a day',
          request: 'Please stop pushing trash',
        },
        {
          situation: "In Friday's release thread",
          behaviour: 'you answered Ana with "read the docs" and nothing else',
          impact: 'Ana stopped asking',
          request: 'Could you act like an adult?',
        },
        {
          situation: 'In the review of #88',
          behaviour: 'you merged it like a sloppy amateur again',
          impact: 'main was red for an hour',
          request: 'Could you wait for CI?',
        },
      ];
      for (const rewrite of judged) assert.ok(scoreRewrite(rewrite).points < scoreRewrite(rewrite).max, JSON.stringify(rewrite));
      const factual = {
        situation: 'After the outage on Monday',
        behaviour: 'nothing was posted in the channel for forty minutes',
        impact: 'Two people and our customers waited without news',
        request: 'Next time, could you post a first line within ten minutes?',
      };
      const score = scoreRewrite(factual);
      assert.equal(score.points, score.max, JSON.stringify(score.parts.flatMap((p) => p.checks.filter((c) => c.points < c.max).map((c) => c.reason))));
      assert.deepEqual(coach('Garbage collection paused the service for two seconds'), [], 'the runtime’s garbage collection is no judgment');
    });

    it('reads text as the coach does: full-width letters and typographic apostrophes', () => {
      assert.equal(check(scoreRewrite({ ...good, behaviour: 'Ｙｏｕ ａｌｗａｙｓ merge before CI' }), 'behaviour.observable').points, 0);
      assert.equal(check(scoreRewrite({ ...good, request: 'Next time, let’s wait for CI' }), 'request.specific').points, 1);
    });
  });

  describe('scoring a role-play answer', () => {
    /** One defensive answer per rule, and the words it should flag. */
    const DEFENSIVE: Record<string, string> = {
      'yes-but': 'Sure, but the tests were flaky',
      'you-too': 'You did it too last week',
      'not-my-fault': 'That’s not my fault',
      'blame-others': 'It was the linter’s fault',
      minimizing: 'It’s only a warning, relax',
      excuse: 'I was too busy to check',
      dismissing: 'Fine, then. If you say so.',
    };

    it('spots each defensive pattern, typographic apostrophes included', () => {
      assert.deepEqual(Object.keys(DEFENSIVE).sort(), DEFENSIVE_RULES.map((r) => r.id).sort());
      for (const [rule, answer] of Object.entries(DEFENSIVE)) assert.deepEqual(ids(defensiveNotes(answer)), [rule], answer);
    });

    it('leaves open answers alone', () => {
      for (const answer of [
        'Thanks for telling me. What would help you most?',
        'You’re right, I merged too early. I’ll wait for the green check.',
        'I see how that cost you the afternoon; let’s look at it together.',
        'I hadn’t noticed the build stayed red. Could you show me the log?',
      ]) {
        assert.deepEqual(defensiveNotes(answer), [], answer);
        assert.deepEqual(coach(answer), [], answer);
      }
    });

    it('gives a point each for acknowledging, asking and a next step, and two for staying open', () => {
      const full = scoreAnswer('Thanks for telling me. What would help? I’ll wait for CI next time.');
      assert.deepEqual([full.points, full.max, full.full], [5, 5, true]);
      const thanks = scoreAnswer('Thanks.');
      assert.deepEqual(
        thanks.parts.map((p) => [p.part, p.points]),
        [
          ['acknowledge', 1],
          ['curious', 0],
          ['nextStep', 0],
          ['calm', 2],
        ],
      );
      assert.deepEqual([...thanks.missed].sort(), ['answer.curious', 'answer.nextStep']);
    });

    it('explains every defensive rule and every judgment of the giver that fires', () => {
      const score = scoreAnswer('Thanks, but you are overreacting.');
      const calm = check(score, 'answer.calm');
      assert.equal(calm.points, 0);
      assert.match(calm.reason, /"but" argues back\. A "but" takes back/);
      assert.match(calm.reason, /"overreacting" makes the impact small\./);
      assert.match(calm.reason, /"you are overreacting" describes the person, not the behaviour\./);
      assert.deepEqual([...score.missed].sort(), ['answer.curious', 'answer.nextStep', 'minimizing', 'yes-but', 'you-are']);
    });

    it('an answer that turns the feedback around or brushes it off is not open, however polite it starts (cases from a review)', () => {
      for (const answer of [
        'Thanks. I will fix it. Who made you the boss?',
        "Got it. I'll do it your way next time, since apparently only your way counts. Happy now?",
        "Thank you. I'll wait for CI next time. Are you ever going to review on time yourself?",
      ]) {
        const score = scoreAnswer(answer);
        assert.ok(score.points < score.max, answer);
      }
    });

    it('gives nothing for an empty answer', () => {
      assert.equal(scoreAnswer('   ').points, 0);
    });
  });

  describe('a team’s own exercises', () => {
    it('come after the built-in ones, under team: ids, so they cannot replace one', () => {
      const loaded = practiceExercises(teamFile([teamRewrite(), teamRewrite({ id: 'missed-review' })]));
      assert.deepEqual(loaded.problems, []);
      assert.deepEqual(loaded.exercises.slice(0, builtIn.length), builtIn);
      assert.deepEqual(
        loaded.exercises.slice(builtIn.length).map((e) => [e.id, e.origin]),
        [
          ['team:our-deploys', 'team'],
          ['team:missed-review', 'team'],
        ],
      );
      assert.deepEqual(
        loaded.exercises.find((e) => e.id === 'missed-review'),
        builtIn.find((e) => e.id === 'missed-review'),
      );
    });

    it('refuse an id that tries to look like a team or built-in id, naming the place', () => {
      const { exercises, problems } = parseTeam(teamFile([teamRewrite({ id: 'team:missed-review' })]));
      assert.deepEqual(exercises, []);
      assert.equal(problems[0]!.place, 'exercises[0].id');
      assert.match(problems[0]!.message, /^Exercise 1 \(id\): expected an id of lower-case letters, digits and dashes/);
    });

    it('skip a bad exercise with a problem, and keep the good ones', () => {
      const { exercises, problems } = parseTeam(
        teamFile([
          teamRewrite({ title: 5 }),
          teamRewrite(),
          teamRewrite(),
          teamRewrite({ id: 'long', title: 'x'.repeat(121) }),
          teamRewrite({ id: 'hints', hints: Array(6).fill('h') }),
        ]),
      );
      assert.deepEqual(
        exercises.map((e) => e.id),
        ['team:our-deploys'],
      );
      assert.deepEqual(
        problems.map((p) => [p.file, p.place, p.message]),
        [
          ['.accord/practice.json', 'exercises[0].title', 'Exercise 1 (title): expected string, got 5.'],
          ['.accord/practice.json', 'exercises[2].id', 'Exercise 3: the id "our-deploys" is used twice.'],
          ['.accord/practice.json', 'exercises[3].title', 'Exercise 4 (title): expected at most 120 characters, got 121.'],
          ['.accord/practice.json', 'exercises[4].hints', 'Exercise 5 (hints): expected at most 5 hints, got 6.'],
        ],
      );
      assert.ok(problems.every((p) => p.fix.length > 0));
    });

    it('refuse an exercise that would teach the wrong thing: an unknown rule, a rule that does not fire, an example below full marks', () => {
      const { exercises, problems } = parseTeam(
        teamFile([
          teamRewrite({ rules: ['always', 'grumpy'] }),
          teamRewrite({ rules: ['lazy'] }),
          teamRewrite({ example: { ...(teamRewrite().example as object), request: 'Deploy earlier.' } }),
          { ...teamRewrite(), kind: 'quiz' },
          {
            kind: 'rolePlay',
            id: 'rp',
            title: 'T',
            situation: 'S',
            feedback: 'F',
            defensive: 'Thanks, I see.',
            rules: ['yes-but'],
            hints: [],
            example: 'Thanks. What would help? I will wait for CI.',
          },
        ]),
      );
      assert.deepEqual(exercises, []);
      assert.deepEqual(
        problems.map((p) => [p.place, p.message]),
        [
          ['exercises[0].rules', 'Exercise "our-deploys": "grumpy" is not a coach rule.'],
          ['exercises[1].sentence', 'Exercise "our-deploys": the rule "lazy" does not fire on its sentence.'],
          ['exercises[2].example', 'Exercise "our-deploys": its example earns 11 of 12 points.'],
          ['exercises[3].kind', 'Exercise 4 (kind): expected an exercise whose "kind" is "rewrite" or "rolePlay", got "quiz".'],
          ['exercises[4].defensive', 'Exercise "rp": the rule "yes-but" does not fire on its defensive.'],
        ],
      );
      assert.match(problems[0]!.fix, /^Use one of: always, never, /);
      assert.match(problems[2]!.fix, /^Request: Try asking for one concrete thing/);
    });

    it('keep HTML, bidi controls and $(icons) as data, exactly as written', () => {
      const title = '<img src=x onerror=alert(1)> $(alert) \u202Eevil [x](command:workbench.action.quit)';
      const { exercises } = parseTeam(teamFile([teamRewrite({ title, hints: ['<script>alert(1)</script>'] })]));
      assert.equal(exercises[0]!.title, title);
      assert.deepEqual(exercises[0]!.hints, ['<script>alert(1)</script>']);
      // Made safe only where it is drawn.
      assert.ok(!safeText(exercises[0]!.title).includes('$(alert)'));
      assert.ok(safeText(exercises[0]!.title).includes('<U+202E>'));
    });

    it('refuse a whole file that is too large, too deep, not JSON, of a newer schema or not shaped as one', () => {
      const one = (text: string) => {
        const loaded = parseTeam(text);
        assert.deepEqual(loaded.exercises, [], text.slice(0, 40));
        assert.equal(loaded.problems.length, 1);
        assert.equal(loaded.problems[0]!.place, '');
        return loaded.problems[0]!.message;
      };
      assert.match(one(teamFile([teamRewrite({ situation: ' '.repeat(MAX_PRACTICE_BYTES) })])), /larger than 512 KB/);
      assert.match(one('['.repeat(200_000)), /nested more than 8 levels deep/);
      assert.match(one(`{"schema":1,"exercises":[${'{"a":'.repeat(20)}1${'}'.repeat(20)}]}`), /nested more than/);
      assert.match(one('{"schema": 1, "exercises": [}'), /^The file is not valid JSON/);
      assert.match(one('[]'), /not a JSON object/);
      assert.match(one('null'), /not a JSON object/);
      assert.match(one(teamFile([], { schema: 2 })), /newer Accord \(schema 2\)/);
      assert.match(one(JSON.stringify({ exercises: [] })), /"schema" must be 1/);
      assert.match(one(JSON.stringify({ schema: 1, exercises: { a: 1 } })), /"exercises" must be a list/);
      assert.match(one(teamFile(Array(MAX_EXERCISES + 1).fill(1))), /holds 201 exercises; at most 200/);
    });

    it('reads a file with a byte-order mark, and brackets inside strings do not count as depth', () => {
      const loaded = parseTeam('\uFEFF' + teamFile([teamRewrite({ hints: ['[[[[[[[[[[{{{{{{{{{{ \\" [[[['] })]));
      assert.deepEqual(loaded.problems, []);
      assert.equal(loaded.exercises.length, 1);
    });

    it('do not let a __proto__ key reach any object', () => {
      const text = `{"schema":1,"__proto__":{"polluted":1},"exercises":[${JSON.stringify(teamRewrite()).replace(/^\{/, '{"__proto__":{"polluted":1},')}]}`;
      const { exercises, problems } = parseTeam(text);
      assert.deepEqual(problems, []);
      assert.equal((exercises[0] as unknown as Record<string, unknown>).polluted, undefined);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('the team file on disk', () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'accord-practice-'));
      await mkdir(join(root, '.accord'));
    });
    afterEach(() => rm(root, { recursive: true, force: true }));

    it('adds the team’s exercises, and is optional', async () => {
      assert.deepEqual(await readPracticeExercises(root, '.accord'), { exercises: builtIn, problems: [] });
      await writeFile(join(root, '.accord', 'practice.json'), teamFile([teamRewrite()]));
      const loaded = await readPracticeExercises(root, '.accord');
      assert.deepEqual(loaded.problems, []);
      assert.equal(loaded.exercises.at(-1)!.id, 'team:our-deploys');
    });

    it('names the file in its problems', async () => {
      await writeFile(join(root, '.accord', 'practice.json'), '{');
      const { exercises, problems } = await readPracticeExercises(root, '.accord');
      assert.deepEqual(exercises, builtIn);
      assert.equal(problems[0]!.file, '.accord/practice.json');
    });

    it('refuses a link, a folder and text that is not UTF-8, keeping the built-in exercises', async () => {
      const path = join(root, '.accord', 'practice.json');
      await writeFile(join(root, 'elsewhere.json'), teamFile([teamRewrite()]));
      await symlink(join(root, 'elsewhere.json'), path);
      let loaded = await readPracticeExercises(root, '.accord');
      assert.deepEqual(loaded.exercises, builtIn);
      assert.match(loaded.problems[0]!.message, /symbolic link/);

      await rm(path);
      await mkdir(path);
      loaded = await readPracticeExercises(root, '.accord');
      assert.match(loaded.problems[0]!.message, /a folder/);

      await rm(path, { recursive: true });
      await writeFile(path, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
      loaded = await readPracticeExercises(root, '.accord');
      assert.deepEqual(loaded.exercises, builtIn);
      assert.equal(loaded.problems[0]!.message, 'The file is not valid UTF-8 text.');
    });
  });

  describe('progress and the next exercise', () => {
    const pick = (...wanted: string[]) => wanted.map((id) => builtIn.find((e) => e.id === id)!);
    const [always, never, lazy] = pick('broken-build', 'missed-review', 'skipped-tests') as [Exercise, Exercise, Exercise];
    const three = [always, never, lazy];
    const attempt = (progress: ReturnType<typeof emptyProgress>, exercise: Exercise, missed: string[] = []) =>
      recordAttempt(progress, exercise, { points: 12 - missed.length, max: 12, missed });

    it('offers every exercise once, in order, before any repeat', () => {
      let progress = emptyProgress();
      const offered: string[] = [];
      for (let i = 0; i < 3; i++) {
        const next = nextExercise(three, progress)!;
        offered.push(next.id);
        progress = attempt(progress, next);
      }
      assert.deepEqual(offered, ['broken-build', 'missed-review', 'skipped-tests']);
    });

    it('then offers an exercise for the rule missed most often', () => {
      let progress = emptyProgress();
      progress = attempt(progress, always, ['always']);
      progress = attempt(progress, never, ['never']);
      progress = attempt(progress, never, ['never']);
      progress = attempt(progress, lazy);
      assert.deepEqual(weakestRules(three, progress), [
        { id: 'never', missed: 2, tries: 2 },
        { id: 'always', missed: 1, tries: 1 },
      ]);
      assert.equal(nextExercise(three, progress)!.id, 'missed-review');
      // Once "never" is practised well, "always" (missed every time) is the weakest.
      progress = attempt(attempt(progress, never), never);
      assert.equal(nextExercise(three, progress)!.id, 'broken-build');
    });

    it('for a missed check, offers the exercise of that kind tried least', () => {
      let progress = emptyProgress();
      progress = attempt(progress, always, ['request.specific']);
      progress = attempt(progress, always);
      progress = attempt(progress, never);
      progress = attempt(progress, lazy);
      assert.equal(nextExercise(three, progress)!.id, 'missed-review');
    });

    it('with nothing missed, offers the one practised longest ago; a kind narrows the choice', () => {
      let progress = emptyProgress();
      for (const e of [lazy, always, never]) progress = attempt(progress, e);
      assert.equal(nextExercise(three, progress)!.id, 'skipped-tests');
      const rolePlay = builtIn.find((e) => e.kind === 'rolePlay')!;
      assert.equal(nextExercise([...three, rolePlay], progress, 'rolePlay'), rolePlay);
      assert.equal(nextExercise(three, progress, 'rolePlay'), undefined);
    });

    it('records attempts without changing the record it was given, keeping the best score', () => {
      const first = recordAttempt(emptyProgress(), always, { points: 9, max: 12, missed: ['always'] });
      const second = recordAttempt(first, always, { points: 6, max: 12, missed: ['always', 'impact.specific'] });
      assert.deepEqual(
        { ...first.exercises['broken-build'], missed: { ...first.exercises['broken-build']!.missed } },
        { tries: 1, best: 9, max: 12, last: 1, missed: { always: 1 } },
      );
      assert.deepEqual(
        { ...second.exercises['broken-build'], missed: { ...second.exercises['broken-build']!.missed } },
        {
          tries: 2,
          best: 9,
          max: 12,
          last: 2,
          missed: { always: 2, 'impact.specific': 1 },
        },
      );
    });

    it('reads back what extension storage holds, dropping what is malformed', () => {
      const stored = JSON.parse(JSON.stringify(attempt(attempt(emptyProgress(), always, ['always']), never)));
      assert.deepEqual(JSON.parse(JSON.stringify(readProgress(stored))), stored);
      stored.exercises['bad'] = { tries: -1 };
      stored.exercises['team:gone'] = { tries: 1, best: 1, max: 12, last: 1, missed: {} };
      const read = readProgress(stored);
      assert.deepEqual(Object.keys(read.exercises).sort(), ['broken-build', 'missed-review', 'team:gone']);
      // An exercise that is no longer in the list (a team file changed) is simply not offered.
      assert.equal(nextExercise(three, read)!.id, 'skipped-tests');
      for (const junk of [undefined, null, 42, 'x', [], { schema: 2 }, { schema: 1, attempts: 'many', exercises: {} }])
        assert.deepEqual(readProgress(junk), emptyProgress());
    });
  });
});
