/**
 * The team across branches (issue 11): the two-year team committed with the code and present on
 * 20 branches, 5 of which each add a check-in to a different member's file. Loading it as the
 * extension does in a git repository (the working copy, then every copy on every branch) is
 * compared with loading the working copy alone, in the same run.
 */
import { spawnSync } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { AccordStore, TeamBranches } from '../src/store';
import { median, round, timeInterleaved } from './measure';

const BRANCHES = 20;
const CHANGED = 5;

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    [
      '-c',
      'init.defaultBranch=main',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'core.autocrlf=false',
      '-c',
      'user.email=bench@example.com',
      '-c',
      'user.name=bench',
      ...args,
    ],
    { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export interface BranchesResult {
  branches_load_ms: number;
  branches_load_ratio: number;
  /** The same working copy loaded alone (the baseline of the ratio). */
  working_load_ms: number;
}

/** Builds the repository from the team in `teamDir` (a folder holding `.accord/`) and measures. */
export async function benchBranches(teamDir: string, repoDir: string, members: readonly string[]): Promise<BranchesResult> {
  await cp(teamDir, repoDir, { recursive: true });
  git(repoDir, 'init', '-q');
  git(repoDir, 'add', '-A');
  git(repoDir, 'commit', '-q', '-m', 'team');
  for (let i = 0; i < BRANCHES; i++) git(repoDir, 'branch', `feature-${String(i + 1).padStart(2, '0')}`);
  for (let i = 0; i < CHANGED; i++) {
    const member = members[i % members.length]!;
    git(repoDir, 'switch', '-q', `feature-${String(i + 1).padStart(2, '0')}`);
    const store = new AccordStore({ root: repoDir, me: member });
    await store.update((edit) =>
      edit.create('checkIn', `ci-branch-${i}`, { member, at: '2026-11-24T12:00:00.000Z', microGoals: [], status: 'on-track', note: `on branch ${i + 1}` }),
    );
    git(repoDir, 'commit', '-q', '-am', `check-in on branch ${i + 1}`);
  }
  git(repoDir, 'switch', '-q', 'main');
  const working = async () => {
    const store = new AccordStore({ root: repoDir });
    await store.loadAll();
    return store.state.entities.checkIn.size;
  };
  const everyBranch = async () => {
    // As the extension does: the branches are read while the working copy loads.
    const store = new AccordStore({ root: repoDir });
    const branches = new TeamBranches({ cwd: repoDir });
    const loading = store.loadAll();
    const read = branches.read(await store.workingCopy(loading));
    await loading;
    store.setCopies(await read);
    return store.state.entities.checkIn.size;
  };
  if ((await everyBranch()) !== (await working()) + CHANGED) throw new Error('the check-ins on the branches are missing');
  const [base, all] = await timeInterleaved(5, working, everyBranch);
  const working_load_ms = round(median(base), 1);
  const branches_load_ms = round(median(all), 1);
  return { working_load_ms, branches_load_ms, branches_load_ratio: round(branches_load_ms / working_load_ms, 2) };
}
