/**
 * What scripts/vscode-test/run.mjs hands the specs: a Chromium page on a real VS Code
 * (code-server) with Accord under development, and the fresh copy of the fixture it opened.
 */
import type { Page } from 'playwright-core';

export interface E2ESession {
  page: Page;
  /** The workspace folder on disk (a git-initialised copy of test/fixtures/workspace). */
  workspace: string;
  /** Who git says "me" is in that folder. */
  me: { email: string; name: string };
  /** Where screenshots go (test-results/, git-ignored). */
  resultsDir: string;
}

export function session(): E2ESession {
  const handed = (globalThis as { __accordE2E?: E2ESession }).__accordE2E;
  if (!handed) throw new Error('The e2e specs drive a VS Code that scripts/vscode-test/run.mjs starts: run them with `npm run test:e2e`.');
  return handed;
}
