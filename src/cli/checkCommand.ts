/** The `accord check` command: its options, and the report in the format asked. */
import { type Command, Option } from 'commander';
import { runGit, UnknownBaseError } from '../store';
import { checkTeam } from './check';
import { CHECK_FORMATS, type CheckFormat, githubReport, jsonReport, textReport } from './checkReport';
import { type CommandContext, dataFolderOption, EXIT_FINE, EXIT_HELP, EXIT_PROBLEMS, locateTeam, usageError, verbosityOf } from './command';
import { colourFor, terminalText } from './output';

/** The path of `folder` inside its git repository (`apps/web/`), or `''` at its root, outside one, or without git. */
async function repositoryPrefix(folder: string): Promise<string> {
  const answer = await runGit({ cwd: folder }, ['rev-parse', '--show-prefix'], { okCodes: [0, 128] }).catch(() => undefined);
  return answer?.code === 0 ? answer.stdout.toString('utf8').trim() : '';
}

/** Adds `accord check` to `program`. */
export function addCheckCommand(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('check')
    .summary("check the data files with the extension's rules; writes nothing")
    .description(
      'Checks every member file and the covenant under the data folder with the rules of the extension: ' +
        'file, line, column, what is wrong and the fix. Reads only; writes nothing, ever.',
    )
    .addOption(new Option('-f, --format <format>', 'how to report').choices(CHECK_FORMATS).default('text'))
    .addOption(dataFolderOption())
    .option(
      '--base <commit>',
      'also check ownership since <commit> (e.g. origin/main): every commit that changed a member file must be authored by that member, by their git email; ' +
        'and every renegotiation answer since then must come from someone the covenant lets answer it',
    )
    .addHelpText('after', EXIT_HELP)
    .action(async (options: { format: CheckFormat; dataFolder: string; base?: string }, command: Command) => {
      const verbosity = verbosityOf(command);
      const { root, dataFolder } = await locateTeam(io, options.dataFolder, verbosity);
      let result;
      try {
        result = await checkTeam(root, dataFolder, options.base);
      } catch (error) {
        if (error instanceof UnknownBaseError) throw usageError(`--base: ${terminalText(error.message)}`);
        throw error;
      }
      if (verbosity === 'verbose')
        io.stderr.write(`Read ${result.memberFiles} member file${result.memberFiles === 1 ? '' : 's'}, and the covenant when there is one.\n`);
      const report =
        options.format === 'json'
          ? jsonReport(result, dataFolder)
          : options.format === 'github'
            ? githubReport(result, dataFolder, verbosity, await repositoryPrefix(root))
            : textReport(result, dataFolder, verbosity, colourFor(io.stdout, io.env));
      io.stdout.write(report);
      setExit(result.problems.length > 0 ? EXIT_PROBLEMS : EXIT_FINE);
    });
}
