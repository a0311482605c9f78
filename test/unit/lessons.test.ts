import { strict as assert } from 'node:assert';
import { stateOf } from './helpers/stateOf';
import { allLessons, foldForSearch, searchLessons, searchTerms } from '../../src/core/lessons';

const setback = (id: string, fields: Record<string, unknown>): [string, string, string, Record<string, unknown>] => [
  'alex',
  id,
  'setback',
  { member: 'alex', about: 'g-1', actions: [], at: '2026-03-02T09:00:00.000Z', ...fields },
];

const state = stateOf([
  ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'Pacific/Auckland', capacityHours: 10 }],
  ['alex', 'g-1', 'goal', { title: 'Faster CI pipeline', owner: 'alex', state: 'active', createdAt: '2026-03-01T09:00:00.000Z' }],
  setback('sb-cache', {
    whatHappened: 'CI took 40 minutes',
    rootCause: 'The dependency cache key changed every run',
    lesson: 'Pin the cache key to the lockfile hash',
    reviewedAt: '2026-03-05T09:00:00.000Z',
  }),
  setback('sb-flaky', {
    whatHappened: 'Flaky login test blocked merges',
    rootCause: 'A timing assumption about the test cache',
    lesson: 'Quarantine flaky tests the same day',
    reviewedAt: '2026-03-09T09:00:00.000Z',
  }),
  setback('sb-open', { whatHappened: 'The cache server was down', followUp: '2026-03-20', at: '2026-03-12T09:00:00.000Z' }),
  setback('sb-old', {
    about: 'mg-gone',
    whatHappened: 'Release notes late',
    lesson: 'Write release notes with the PR',
    at: '2026-01-10T09:00:00.000Z',
    reviewedAt: '2026-01-15T09:00:00.000Z',
  }),
]);

describe('lessons', () => {
  it('lists only reviewed setbacks with a lesson, newest first', () => {
    assert.deepEqual(
      allLessons(state).map((l) => l.setbackId),
      ['sb-flaky', 'sb-cache', 'sb-old'],
    );
    const cache = allLessons(state).find((l) => l.setbackId === 'sb-cache')!;
    assert.equal(cache.aboutTitle, 'Faster CI pipeline');
    assert.equal(cache.memberName, 'Alex');
  });

  it('ranks a match in the lesson itself above one in the root cause', () => {
    const results = searchLessons(state, 'cache');
    assert.deepEqual(
      results.map((r) => r.lesson.setbackId),
      ['sb-cache', 'sb-flaky'],
    );
    assert.ok(results[0]!.score > results[1]!.score);
  });

  it('needs every word, matches word prefixes, ignores case and accents', () => {
    assert.deepEqual(
      searchLessons(state, 'FLAKY quarant').map((r) => r.lesson.setbackId),
      ['sb-flaky'],
    );
    assert.deepEqual(
      searchLessons(state, 'flaky release').map((r) => r.lesson.setbackId),
      [],
    );
    assert.deepEqual(
      searchLessons(state, 'rélease').map((r) => r.lesson.setbackId),
      ['sb-old'],
    );
    assert.deepEqual(
      searchLessons(state, 'pipeline').map((r) => r.lesson.setbackId),
      ['sb-flaky', 'sb-cache'],
      'the goal title counts too',
    );
    assert.deepEqual(
      searchLessons(state, 'server').map((r) => r.lesson.setbackId),
      [],
      'setbacks without a lesson are not lessons yet',
    );
  });

  it('lists every lesson for an empty query', () => {
    assert.equal(searchLessons(state, '  ').length, 3);
    assert.deepEqual(searchTerms('Pin the cache-key, quickly!'), ['pin', 'the', 'cache', 'key', 'quickly']);
  });

  describe('in any script', () => {
    const reviewed = '2026-03-05T09:00:00.000Z';
    const world = stateOf([
      ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'UTC', capacityHours: 10 }],
      setback('sb-fr', { whatHappened: 'It slipped', lesson: 'Vérifier la migration du café avant vendredi'.normalize('NFD'), reviewedAt: reviewed }),
      setback('sb-hi', { whatHappened: 'It slipped', lesson: 'हमने सीखा कि बैकअप पहले लेना चाहिए', reviewedAt: reviewed }),
      setback('sb-hi2', { whatHappened: 'It slipped', lesson: 'समीक्षा में दो लोग चाहिए', reviewedAt: reviewed }),
      setback('sb-ar', { whatHappened: 'It slipped', lesson: 'تعلّمنا أنَّ النسخ الاحتياطي يأتي أولاً', reviewedAt: reviewed }),
      setback('sb-zh', { whatHappened: 'It slipped', lesson: '我们学到了迁移前要先备份数据库', reviewedAt: reviewed }),
      setback('sb-ja', { whatHappened: 'It slipped', lesson: 'ﾊﾞｯｸｱｯﾌﾟを先に取るべきだった', reviewedAt: reviewed }),
      setback('sb-th', { whatHappened: 'It slipped', lesson: 'เราเรียนรู้ว่าต้องสำรองข้อมูลก่อน', reviewedAt: reviewed }),
      setback('sb-tr', { whatHappened: 'It slipped', lesson: 'İzmir sunucusunda ILIK yedekleme yeterli değil', reviewedAt: reviewed }),
      setback('sb-en', { whatHappened: 'It slipped', lesson: 'Run the backup before the migration', reviewedAt: reviewed }),
    ]);
    const hits = (query: string) =>
      searchLessons(world, query)
        .map((r) => r.lesson.setbackId)
        .sort();

    it('keeps Devanagari vowel signs in words, so a Hindi word finds only its lesson', () => {
      assert.deepEqual(searchTerms('हमने सीखा'), ['हमने', 'सीखा']);
      assert.deepEqual(hits('सीखा'), ['sb-hi']);
      assert.deepEqual(hits('चाहिए'), ['sb-hi', 'sb-hi2']);
      assert.deepEqual(hits('बैक'), ['sb-hi'], 'a prefix of a Hindi word');
      assert.deepEqual(hits('सीखी'), [], 'a different vowel sign is a different word');
    });

    it('finds Arabic words with or without their vowel marks and hamza', () => {
      assert.deepEqual(hits('النسخ'), ['sb-ar']);
      assert.deepEqual(hits('تعلمنا'), ['sb-ar'], 'written without the shadda');
      assert.deepEqual(hits('ان الاحتياطي'), ['sb-ar'], 'أنَّ typed as ان');
      assert.deepEqual(hits('الاحتياطيي'), []);
    });

    it('matches Chinese, Japanese and Thai inside a run of text written without spaces', () => {
      assert.deepEqual(hits('备份'), ['sb-zh']);
      assert.deepEqual(hits('数据库'), ['sb-zh']);
      assert.deepEqual(hits('库'), ['sb-zh'], 'one Chinese character is a word');
      assert.deepEqual(hits('バックアップ'), ['sb-ja'], 'full-width kana find half-width kana');
      assert.deepEqual(hits('先に'), ['sb-ja']);
      assert.deepEqual(hits('สำรอง'), ['sb-th']);
      assert.deepEqual(hits('ข้อมูล'), ['sb-th']);
      assert.deepEqual(hits('备份 สำรอง'), [], 'every word is needed');
    });

    it('folds Turkish dotted and dotless i the same way on every machine', () => {
      assert.deepEqual(hits('izmir'), ['sb-tr']);
      assert.deepEqual(hits('İZMİR'), ['sb-tr']);
      assert.deepEqual(hits('IZMIR'), ['sb-tr']);
      assert.deepEqual(hits('ılık'), ['sb-tr'], 'lower-case dotless ı finds the capital I');
      assert.deepEqual(hits('DEĞIL'), ['sb-tr']);
      assert.equal(foldForSearch('İzmir ILIK ılık'), 'izmir ilik ilik');
    });

    it('matches decomposed text with a precomposed query, and folds compatibility forms and ß', () => {
      assert.deepEqual(hits('café'), ['sb-fr']);
      assert.deepEqual(hits('VERIFIER'), ['sb-fr']);
      assert.deepEqual(hits('ｂａｃｋｕｐ'), ['sb-en']);
      assert.equal(foldForSearch('Straße ΟΔΟΣ'), 'strasse οδοσ');
    });
  });
});
