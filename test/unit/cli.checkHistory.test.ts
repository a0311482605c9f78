/**
 * `accord check --base` with closed history (issue 20 §1): what a member had moved to their
 * closed periods by the base counts as theirs at the base, so an old answer is not new again.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkTeam } from '../../src/cli/check';
import { MENTOR_COVENANT, ROOT } from '../helpers/cli';

const run = promisify(execFile);
const FIXTURE = join(ROOT, 'test', 'fixtures', 'workspace');
const ALEX = ['-c', 'user.name=Alex Rivera', '-c', 'user.email=alex@example.com', '-c', 'commit.gpgsign=false'];

/** Sets fields of one record in a member file (made when missing), each at `clock`, keeping the file canonical. */
async function put(path: string, member: string, id: string, kind: string, fields: Record<string, unknown>, clock: number): Promise<void> {
  const file = (await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as { clock: number; entities: Record<string, { clocks: object; fields: object; kind: string }> },
    () => ({ clock: 0, entities: {}, member, schema: 1 }),
  )) as { clock: number; entities: Record<string, { clocks: object; fields: object; kind: string }> };
  const held = file.entities[id] ?? { clocks: {}, fields: {}, kind };
  file.clock = Math.max(file.clock, clock);
  file.entities[id] = {
    clocks: { ...held.clocks, ...Object.fromEntries(Object.keys(fields).map((n) => [n, clock])) },
    fields: { ...held.fields, ...fields },
    kind,
  };
  file.entities = Object.fromEntries(Object.entries(file.entities).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

describe('accord check --base with closed history', function () {
  this.timeout(60_000);
  let repo: string;
  before(async () => {
    repo = await mkdtemp(join(tmpdir(), 'accord-check-history-'));
  });
  after(() => rm(repo, { recursive: true, force: true }));

  it("does not name an answer again that the responder's closed period held at the base", async () => {
    await cp(FIXTURE, repo, { recursive: true });
    const git = (args: string[]) => run('git', [...ALEX, ...args], { cwd: repo });
    const people = join(repo, '.accord', 'people');
    const profile = { capacityHours: 10, email: 'kim@example.com', name: 'Kim', timeZone: 'Europe/Berlin' };
    await put(join(people, 'kim.json'), 'kim', 'member:kim', 'member', profile, 1);
    // Kim, the mentor, answers Sam's renegotiations; Alex answered one anyway, long ago, and moved it to 2025.
    await writeFile(join(repo, '.accord', 'covenant.md'), MENTOR_COVENANT);
    const proposal = {
      at: '2025-03-16T09:00:00.000Z',
      beforeDue: true,
      change: { due: '2025-03-27' },
      microGoal: 'mg-y7t3x7etx684',
      proposer: 'sam-example.com',
      reason: 'The API changed',
      state: 'proposed',
    };
    await put(join(people, 'sam-example.com.json'), 'sam-example.com', 'rn-1', 'renegotiation', proposal, 101);
    await mkdir(join(people, 'alex-example.com'));
    const answer = { respondedAt: '2025-03-17T09:00:00.000Z', respondedBy: 'alex-example.com', state: 'accepted' };
    await put(join(people, 'alex-example.com', '2025.json'), 'alex-example.com', 'rn-1', 'renegotiation', answer, 102);
    await git(['init', '-q', '-b', 'main']);
    await git(['add', '-A']);
    await git(['commit', '-q', '-m', 'base']);
    const base = (await git(['rev-parse', 'HEAD'])).stdout.trim();
    // Alex's later commit touches only their live file.
    await put(join(people, 'alex-example.com.json'), 'alex-example.com', 'mg-3bgmpad1npq8', 'microGoal', { title: 'Write the review checklist' }, 103);
    await git(['commit', '-q', '-a', '-m', 'Rename my micro-goal']);
    assert.deepEqual((await checkTeam(repo, '.accord', base)).problems, []);
    // An answer new since the base is still named: the closed period gone, the same answer made again in the live file.
    await rm(join(people, 'alex-example.com', '2025.json'));
    await git(['add', '-A']);
    await git(['commit', '-q', '-m', 'drop 2025']);
    await put(join(people, 'alex-example.com.json'), 'alex-example.com', 'rn-1', 'renegotiation', { ...answer, respondedAt: '2025-03-19T09:00:00.000Z' }, 105);
    await git(['commit', '-q', '-a', '-m', 'answer again']);
    const later = await checkTeam(repo, '.accord', 'HEAD~1');
    assert.deepEqual(
      later.problems.map((p) => [p.file, p.problem]),
      [['.accord/people/alex-example.com.json', 'covenant-answer']],
    );
  });
});
