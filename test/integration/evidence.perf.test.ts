/**
 * Evidence as the extension reads it, on the benchmark's two-year team: the generated repository
 * of 20,000 commits (bench/evidence.ts) read through VS Code's git extension (`Repository.log`,
 * daily/evidence.ts `commitsSince`), indexed and linked, cold and after 50 new commits, against
 * `git log --format=%H%x00%B` of the same repository in the same extension host. A measurement,
 * not a test: the runner loads *.perf suites only for npm run bench (ACCORD_PLANNING_PERF).
 * Writes its figures to ACCORD_EVIDENCE_PERF_OUT (or test-results/evidence-host.json).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { generateTeam } from '../../bench/dataset';
import { benchEvidence } from '../../bench/evidence';
import { commitsSince } from '../../src/daily/evidence';
import { type GitApi, type GitRepository } from '../../src/daily/git';
import { accordWorkspace, folderPath, peopleDir } from './helpers';

describe('Evidence on a two-year team', function () {
  this.timeout(300_000);
  let generated: string[] = [];
  const top = mkdtempSync(join(tmpdir(), 'accord-evidence-perf-'));

  after(async () => {
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    rmSync(top, { recursive: true, force: true });
    for (const file of generated) rmSync(file, { force: true });
    if (generated.length) await (await accordWorkspace()).reload();
  });

  it('measures reading 20,000 commits through the git extension, cold and after 50 new ones (npm run bench reports it against git log)', async () => {
    const workspace = await accordWorkspace();
    const before = new Set(readdirSync(peopleDir()));
    const summary = await generateTeam(folderPath());
    generated = summary.files.filter((file) => !before.has(file.split('/').pop()!));
    await workspace.reload();
    const api = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git')!.exports.getAPI(1);
    const repoDir = join(top, 'history');
    // The git extension opens a repository outside the workspace only when this setting allows it.
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    let repository: GitRepository | undefined;
    const result = await benchEvidence(repoDir, workspace.state, {
      // The git extension learns of commits fast-import wrote behind its back, untimed, as its watcher would.
      refresh: async () => {
        repository ??= (await api.openRepository!(vscode.Uri.file(repoDir))) ?? undefined;
        if (!repository) throw new Error('the git extension did not open the generated repository');
        await repository.status();
      },
      read: async (since) => {
        const found = await commitsSince(repository!, since);
        return { head: found.head, commits: found.commits };
      },
    });
    // For the record: the git extension's Repository.log alone (its git run and its parsing), without Accord's index and links.
    const logTimes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await repository!.log({ maxEntries: 20_000, silent: true });
      logTimes.push(performance.now() - started);
    }
    const extension_log_ms = Math.round(logTimes.sort((a, b) => a - b)[2]! * 10) / 10;
    const out = process.env.ACCORD_EVIDENCE_PERF_OUT ?? join(resolve(__dirname, '../../..'), 'test-results', 'evidence-host.json');
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ ...result, extension_log_ms, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  });
});
