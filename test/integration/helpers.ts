/** What the integration suites share: the fixture's people, Accord's API, answering prompts, reading files. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { activate } from '../../src/extension';
import type { MicroGoalsNode } from '../../src/daily/views/microGoalsModel';
import type { MicroGoalsProvider } from '../../src/daily/views/microGoalsProvider';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';

export const EXTENSION_ID = 'accord-team.accord';

/** The fixture (test/fixtures/workspace): git user.email is Alex's, so Alex is "me". */
export const ME = { id: 'alex-example.com', name: 'Alex Rivera', timeZone: 'Europe/Berlin' };
export const PARTNER = { id: 'sam-example.com', name: 'Sam Okafor' };

/** What activate() returns. */
export type AccordApi = ReturnType<typeof activate>;

export function accordExtension(): vscode.Extension<AccordApi> {
  const extension = vscode.extensions.getExtension<AccordApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this VS Code`);
  return extension;
}

/** Accord's API, Accord active. */
export async function accordApi(): Promise<AccordApi> {
  return accordExtension().activate();
}

/** Accord's workspace once its data has loaded. */
export async function accordWorkspace(): Promise<AccordWorkspace> {
  const api = await accordExtension().activate();
  assert.ok(api?.workspace, 'activate() returned no workspace: is a folder open?');
  await api.workspace.ready;
  return api.workspace;
}

/** The provider behind the real Micro-goals view, from Accord's API. */
export async function microGoalsProvider(): Promise<MicroGoalsProvider> {
  await accordWorkspace();
  const api = await accordExtension().activate();
  const provider = api.daily?.services?.microGoals;
  assert.ok(provider, 'activate() should return daily.services.microGoals, the provider of the Micro-goals view');
  return provider;
}

export function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run needs the fixture folder open');
  return folder.uri.fsPath;
}

export function peopleDir(): string {
  return join(folderPath(), '.accord', 'people');
}

export interface MemberFile {
  schema: number;
  member: string;
  clock: number;
  entities: Record<string, { kind: string; fields: Record<string, unknown>; clocks: Record<string, number> }>;
}

/** A member's file as it is on disk. */
export function readMemberFile(member: string): MemberFile {
  return JSON.parse(readFileSync(join(peopleDir(), `${member}.json`), 'utf8')) as MemberFile;
}

/** Every file under .accord/people, name → bytes: to show that nothing changed. */
export function snapshotPeople(): Map<string, string> {
  const dir = peopleDir();
  return new Map(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

/** What a person was asked. */
export interface Prompt {
  kind: 'input' | 'pick';
  title?: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  items?: string[];
}

/**
 * One answer per prompt, in order: text to type (or the label to pick), undefined for
 * Escape, or a function of the prompt (e.g. `(p) => p.value` to accept what is prefilled).
 */
export type Answer = string | undefined | ((prompt: Prompt) => string | undefined);

export interface PromptScript {
  readonly prompts: Prompt[];
  /** Puts the real showInputBox/showQuickPick back. */
  restore(): void;
}

/**
 * Answers Accord's input boxes and quick picks as a person would, for the length of a test.
 * Typed text goes through the box's own validation: an answer a person could not submit fails.
 */
export function answerPrompts(answers: Answer[]): PromptScript {
  const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const original = { showInputBox: window.showInputBox, showQuickPick: window.showQuickPick };
  const queue = [...answers];
  const prompts: Prompt[] = [];
  const next = (prompt: Prompt): string | undefined => {
    prompts.push(prompt);
    if (queue.length === 0) throw new Error(`Unexpected prompt "${prompt.title ?? prompt.prompt}": the test has no answer for it`);
    const answer = queue.shift();
    return typeof answer === 'function' ? answer(prompt) : answer;
  };

  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    const answer = next({ kind: 'input', title: options?.title, prompt: options?.prompt, value: options?.value, placeHolder: options?.placeHolder });
    if (answer === undefined) return undefined;
    const verdict = await options?.validateInput?.(answer);
    // A string or an Error blocks Enter, as in VS Code; information and warnings do not.
    const message = typeof verdict === 'string' ? verdict : verdict?.severity === vscode.InputBoxValidationSeverity.Error ? verdict.message : undefined;
    if (message) throw new Error(`"${answer}" was not accepted by "${options?.title}": ${message}`);
    return answer;
  }) as typeof vscode.window.showInputBox;

  window.showQuickPick = (async (
    items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    const list = await items;
    const label = (item: string | vscode.QuickPickItem) => (typeof item === 'string' ? item : item.label);
    const answer = next({ kind: 'pick', title: options?.title, placeHolder: options?.placeHolder, items: list.map(label) });
    if (answer === undefined) return undefined;
    const chosen = list.find((item) => label(item) === answer);
    if (!chosen) throw new Error(`"${options?.title}" offers no "${answer}" (it offers: ${list.map(label).join(', ')})`);
    return chosen;
  }) as typeof vscode.window.showQuickPick;

  return {
    prompts,
    restore: () => Object.assign(window, original),
  };
}

/** Runs a command with scripted answers and returns its result and what was asked. */
export async function runWithAnswers<T>(command: string, answers: Answer[], ...args: unknown[]): Promise<{ result: T | undefined; prompts: Prompt[] }> {
  const script = answerPrompts(answers);
  try {
    const result = await vscode.commands.executeCommand<T>(command, ...args);
    return { result, prompts: script.prompts };
  } finally {
    script.restore();
  }
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A row of the Micro-goals view as a person reads it. */
export interface Row {
  label: string;
  description: string;
  /** The hover text (markdown source with &nbsp; turned back into spaces). */
  tooltip: string;
  depth: number;
}

/** Every row of the view, depth first, whether or not its parent is expanded on screen. */
export async function treeRows(provider: MicroGoalsProvider, node?: MicroGoalsNode, depth = 0): Promise<Row[]> {
  const rows: Row[] = [];
  for (const child of await provider.getChildren(node)) {
    let item = provider.getTreeItem(child);
    item = (await provider.resolveTreeItem?.(item, child)) ?? item;
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const tooltip = (typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '')).replaceAll('&nbsp;', ' ');
    rows.push({ label, description: String(item.description ?? ''), tooltip, depth }, ...(await treeRows(provider, child, depth + 1)));
  }
  return rows;
}

/** The rows labelled `label` (a goal can show in several due groups). */
export function rowsLabelled(rows: Row[], label: string): Row[] {
  return rows.filter((row) => row.label === label);
}
