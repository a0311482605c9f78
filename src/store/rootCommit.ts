/** The repository's root commit, which names a team's calendar (core `teamCalendarKey`) on every clone. */
import { runGit } from './gitProcess';

const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The root commit reached by first parents from HEAD in the repository that holds `folder`
 * (`git rev-list --first-parent --max-parents=0 HEAD`): 40 (SHA-1) or 64 (SHA-256) lowercase
 * hex digits. Undefined without git, outside a repository, before the first commit, and in a
 * shallow clone (its oldest commit is not the root, so its key would differ from the team's).
 * Never throws. git runs programs named in the repository's config: call it only where the
 * person trusts the folder (the extension checks workspace trust; the command line runs in the
 * person's own repository, as git does).
 */
export async function rootCommit(folder: string): Promise<string | undefined> {
  try {
    const shallow = await runGit({ cwd: folder }, ['rev-parse', '--is-shallow-repository']);
    if (shallow.stdout.toString('utf8').trim() !== 'false') return undefined;
    const roots = await runGit({ cwd: folder }, ['rev-list', '--first-parent', '--max-parents=0', 'HEAD']);
    const commit = roots.stdout.toString('utf8').trim().split('\n')[0]?.trim();
    return commit && COMMIT_ID.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}
