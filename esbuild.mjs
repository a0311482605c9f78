// Three builds: the extension (Node, CommonJS, `vscode` external), the webview (browser, ESM) and the `accord`
// command line (Node, CommonJS, no `vscode` at all). `--cli` builds the command line alone (the CLI tests use it).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');
const withBench = process.argv.includes('--bench');
const cliOnly = process.argv.includes('--cli');

/** @type {import('esbuild').BuildOptions} */
const cli = {
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // src/cli never imports vscode (the import walls in eslint.config.mjs); anything that tried would fail to bundle.
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    // The entry VS Code activates: small, so activation is cheap. It loads dist/accord.js (the rest of Accord) after activate() returns.
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', './accord.js'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  {
    entryPoints: ['src/accord.ts'],
    outfile: 'dist/accord.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  {
    // The member-file parser's worker thread (src/store/parser.ts WorkerParser), beside the extension.
    entryPoints: ['src/store/parseWorker.ts'],
    outfile: 'dist/parseWorker.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  cli,
];
if (existsSync('webview/main.ts')) {
  builds.push({
    entryPoints: ['webview/main.ts'],
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: !production,
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'warning',
  });
}
if (withTests) {
  // Integration suites run inside the extension host, which loads plain CommonJS.
  builds.push({
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (withBench) {
  // The benchmark measures the code as it ships: bundled the same way as the extension.
  builds.push({
    entryPoints: ['bench/run.ts', 'bench/storeLoad.ts'],
    outdir: 'out/bench',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

const chosen = cliOnly ? [cli] : builds;
if (watch) {
  for (const options of chosen) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(chosen.map((options) => esbuild.build(options)));
  // The bin runs as `./dist/cli.js` too, not only through the link npm makes (which sets the bit itself).
  chmodSync(cli.outfile, 0o755);
}
