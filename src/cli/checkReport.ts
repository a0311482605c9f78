/** The three ways `accord check` tells what it found: text for people, json for scripts, github for pull requests. */
import type { CheckProblem, CheckResult } from './check';
import { paint, terminalText, type Verbosity } from './output';

export const CHECK_FORMATS = ['text', 'json', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Where a problem is, `file:line:column` as editors and terminals link it (as much of it as is known). */
function place(problem: CheckProblem): string {
  return `${problem.file}${problem.line !== undefined ? `:${problem.line}${problem.column !== undefined ? `:${problem.column}` : ''}` : ''}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The text report: one line per problem (`file:line:column: what is wrong. The fix.`), then a
 * summary unless `verbosity` is quiet. `colour` styles the place and the fix. Data is shown
 * through terminalText.
 */
export function textReport(result: CheckResult, dataFolder: string, verbosity: Verbosity, colour: boolean): string {
  const lines = result.problems.map(
    (problem) => `${paint(colour, 'bold', terminalText(place(problem)))}: ${terminalText(problem.reason)} ${paint(colour, 'dim', terminalText(problem.fix))}`,
  );
  if (verbosity !== 'quiet') {
    const files = new Set(result.problems.map((problem) => problem.file)).size;
    lines.push(
      result.problems.length === 0
        ? `Accord can read every file in ${terminalText(dataFolder)}/ (${count(result.memberFiles, 'member file', 'member files')}).`
        : `${count(result.problems.length, 'problem', 'problems')} in ${count(files, 'file', 'files')} of ${terminalText(dataFolder)}/ to look at.`,
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * The json report, one object: `{ ok, dataFolder, memberFiles, problems: [{ file, line?, column?,
 * problem, reason, fix }] }`, the problems in the order of CheckResult.
 */
export function jsonReport(result: CheckResult, dataFolder: string): string {
  return `${JSON.stringify({ ok: result.problems.length === 0, dataFolder, memberFiles: result.memberFiles, problems: result.problems }, null, 2)}\n`;
}

/** A workflow command's message: `%`, CR and LF escaped as GitHub's runner reads them (actions/toolkit, command.ts). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as escapeData, and `:` and `,`, which end a property. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * The github report: one `::error file=…,line=…,col=…,title=…::message` workflow command per
 * problem, so GitHub Actions shows each on its line of the pull request, with escaping that keeps
 * data from ending the command or starting another. A summary line follows unless quiet.
 * GitHub reads `file=` from the repository's root: `pathPrefix` is the team folder's path
 * inside the repository (`git rev-parse --show-prefix`: `''` at the root, else `apps/web/`).
 */
export function githubReport(result: CheckResult, dataFolder: string, verbosity: Verbosity, pathPrefix = ''): string {
  const lines = result.problems.map((problem) => {
    const properties = [`file=${escapeProperty(`${pathPrefix}${problem.file}`)}`];
    if (problem.line !== undefined) properties.push(`line=${problem.line}`);
    if (problem.column !== undefined) properties.push(`col=${problem.column}`);
    properties.push(`title=${escapeProperty(`Accord: ${problem.problem}`)}`);
    return `::error ${properties.join(',')}::${escapeData(terminalText(`${problem.reason} ${problem.fix}`))}`;
  });
  if (verbosity !== 'quiet') {
    lines.push(
      result.problems.length === 0
        ? `Accord can read every file in ${terminalText(dataFolder)}/ (${count(result.memberFiles, 'member file', 'member files')}).`
        : `${count(result.problems.length, 'problem', 'problems')} in ${terminalText(dataFolder)}/ to look at.`,
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
