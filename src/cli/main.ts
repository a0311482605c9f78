/** The `accord` executable (dist/cli.js, built by esbuild.mjs): runs the command line on this process. */
import { runCli } from './program';

void runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
