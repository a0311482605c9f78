/**
 * Not a suite: what the relationship suites share. A person, scripted: answers Accord's
 * multi-step quick inputs (createInputBox / createQuickPick: typing, Back, Escape), its
 * showInputBox / showQuickPick prompts, its messages and its save dialog, and records what
 * was shown, including the coach's live messages. (Named to sit among the files this feature owns.)
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** One thing the person does at a prompt. */
export type Act =
  | { type: string } // replace the text and press Enter
  | { keep: true } // press Enter on what is there
  | { pick: string } // choose the item whose label (without its $(icon)) starts with this
  | { back: true }
  | { escape: true };

export const type = (text: string): Act => ({ type: text });
export const keep: Act = { keep: true };
export const pick = (label: string): Act => ({ pick: label });
export const back: Act = { back: true };
export const escape: Act = { escape: true };

export interface Shown {
  kind: 'input' | 'pick';
  title?: string;
  prompt?: string;
  placeholder?: string;
  value?: string;
  step?: number;
  totalSteps?: number;
  items?: string[];
  hasBack?: boolean;
  /** The input box's message after the person typed (the coach speaks here). */
  message?: { text: string; severity: 'error' | 'warning' | 'info' };
}

export interface Message {
  text: string;
  detail?: string;
  modal: boolean;
  items: string[];
}

export interface Person {
  readonly shown: Shown[];
  readonly messages: Message[];
  restore(): void;
}

function label(item: string | vscode.QuickPickItem): string {
  return (typeof item === 'string' ? item : item.label).replace(/^\$\([\w-]+\)\s*/, '');
}

function severityOf(message: string | vscode.InputBoxValidationMessage | undefined | null): Shown['message'] {
  if (!message) return undefined;
  if (typeof message === 'string') return { text: message, severity: 'error' };
  const severity =
    message.severity === vscode.InputBoxValidationSeverity.Error
      ? 'error'
      : message.severity === vscode.InputBoxValidationSeverity.Warning
        ? 'warning'
        : 'info';
  return { text: message.message, severity };
}

/** A fake input box or quick pick that the script drives; enough of the API for Accord's flows. */
class FakeQuickInput {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  prompt: string | undefined;
  placeholder: string | undefined;
  value = '';
  validationMessage: string | vscode.InputBoxValidationMessage | undefined;
  buttons: readonly vscode.QuickInputButton[] = [];
  items: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  ignoreFocusOut = false;
  matchOnDescription = false;
  matchOnDetail = false;
  canSelectMany = false;
  busy = false;
  enabled = true;
  password = false;
  keepScrollPosition = false;
  disposed = false;
  private readonly emitters = {
    changeValue: new vscode.EventEmitter<string>(),
    accept: new vscode.EventEmitter<void>(),
    hide: new vscode.EventEmitter<void>(),
    button: new vscode.EventEmitter<vscode.QuickInputButton>(),
  };
  readonly onDidChangeValue = this.emitters.changeValue.event;
  readonly onDidAccept = this.emitters.accept.event;
  readonly onDidHide = this.emitters.hide.event;
  readonly onDidTriggerButton = this.emitters.button.event;
  readonly onDidChangeActive = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>().event;
  readonly onDidChangeSelection = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>().event;
  readonly onDidTriggerItemButton = new vscode.EventEmitter<unknown>().event;

  constructor(
    readonly kind: 'input' | 'pick',
    private readonly act: (input: FakeQuickInput) => void,
  ) {}

  show(): void {
    setTimeout(() => this.act(this), 0);
  }
  hide(): void {
    if (!this.disposed) this.emitters.hide.fire();
  }
  dispose(): void {
    this.disposed = true;
  }
  typeText(text: string): void {
    this.value = text;
    this.emitters.changeValue.fire(text);
  }
  accept(): void {
    this.emitters.accept.fire();
  }
  trigger(button: vscode.QuickInputButton): void {
    this.emitters.button.fire(button);
  }
}

/**
 * Plays `acts` against every prompt Accord shows, in order, and answers messages with
 * `reply` (the button to press, or undefined to dismiss). Fails the test on a prompt it has
 * no act for, or when typed text cannot be submitted.
 */
export function scriptPerson(acts: Act[], reply: (message: Message) => string | undefined = () => undefined, saveTo?: vscode.Uri): Person {
  const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const original = {
    createInputBox: window.createInputBox,
    createQuickPick: window.createQuickPick,
    showInputBox: window.showInputBox,
    showQuickPick: window.showQuickPick,
    showInformationMessage: window.showInformationMessage,
    showSaveDialog: window.showSaveDialog,
  };
  const queue = [...acts];
  const shown: Shown[] = [];
  const messages: Message[] = [];
  let failure: Error | undefined;
  const nextAct = (record: Shown): Act => {
    shown.push(record);
    const act = queue.shift();
    if (!act) {
      failure ??= new Error(`Unexpected prompt "${record.title ?? ''}: ${record.prompt ?? record.placeholder ?? ''}": the script has no act for it`);
      return { escape: true };
    }
    return act;
  };

  const play = (input: FakeQuickInput) => {
    const record: Shown = {
      kind: input.kind,
      title: input.title,
      prompt: input.prompt,
      placeholder: input.placeholder,
      value: input.value,
      step: input.step,
      totalSteps: input.totalSteps,
      hasBack: input.buttons.includes(vscode.QuickInputButtons.Back),
      ...(input.kind === 'pick' ? { items: input.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map(label) } : {}),
    };
    const act = nextAct(record);
    if ('escape' in act) return input.hide();
    if ('back' in act) {
      if (!record.hasBack) failure ??= new Error(`"${record.title}" has no Back button`);
      return input.trigger(vscode.QuickInputButtons.Back);
    }
    if ('pick' in act) {
      const chosen = input.items.find((i) => i.kind !== vscode.QuickPickItemKind.Separator && label(i).startsWith(act.pick));
      if (!chosen) {
        failure ??= new Error(`"${record.title}" offers no "${act.pick}" (it offers: ${record.items?.join(' | ')})`);
        return input.hide();
      }
      input.activeItems = [chosen];
      return input.accept();
    }
    if ('type' in act) input.typeText(act.type);
    if (input.kind === 'pick') {
      // A quick pick highlights its first item as the person types.
      const first = input.items.find((i) => i.kind !== vscode.QuickPickItemKind.Separator);
      input.activeItems = first ? [first] : [];
      record.items = input.items.map(label);
    }
    record.value = input.value;
    record.message = severityOf(input.validationMessage);
    input.accept();
    if (!input.disposed) {
      failure ??= new Error(`"${input.value}" was not accepted by "${record.title}": ${record.message?.text ?? 'no reason shown'}`);
      input.hide();
    }
  };

  window.createInputBox = (() => new FakeQuickInput('input', play) as unknown as vscode.InputBox) as typeof window.createInputBox;
  window.createQuickPick = (() => new FakeQuickInput('pick', play) as unknown as vscode.QuickPick<vscode.QuickPickItem>) as typeof window.createQuickPick;
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    const record: Shown = { kind: 'input', title: options?.title, prompt: options?.prompt, placeholder: options?.placeHolder, value: options?.value };
    const act = nextAct(record);
    if ('escape' in act) return undefined;
    const value = 'type' in act ? act.type : (options?.value ?? '');
    record.value = value;
    record.message = severityOf(await options?.validateInput?.(value));
    if (record.message?.severity === 'error') throw new Error(`"${value}" was not accepted by "${options?.title}": ${record.message.text}`);
    return value;
  }) as typeof window.showInputBox;
  window.showQuickPick = (async (
    items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    const list = await items;
    const act = nextAct({ kind: 'pick', title: options?.title, placeholder: options?.placeHolder, items: list.map(label) });
    if (!('pick' in act)) return undefined;
    const chosen = list.find((i) => label(i).startsWith(act.pick));
    if (!chosen) throw new Error(`"${options?.title}" offers no "${act.pick}" (it offers: ${list.map(label).join(' | ')})`);
    return chosen;
  }) as typeof window.showQuickPick;
  window.showInformationMessage = (async (text: string, ...rest: unknown[]) => {
    const options = rest[0] && typeof rest[0] === 'object' && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
    const items = rest.map((i) => (typeof i === 'string' ? i : (i as vscode.MessageItem).title));
    const message: Message = { text, modal: !!options?.modal, items, ...(options?.detail ? { detail: options.detail } : {}) };
    messages.push(message);
    const answer = reply(message);
    return answer === undefined ? undefined : rest.find((i) => (typeof i === 'string' ? i : (i as vscode.MessageItem).title) === answer);
  }) as typeof window.showInformationMessage;
  window.showSaveDialog = (async () => saveTo) as typeof window.showSaveDialog;

  return {
    shown,
    messages,
    restore: () => {
      Object.assign(window, original);
      if (failure) throw failure;
      if (queue.length) throw new Error(`The script still had ${queue.length} act(s) left: ${JSON.stringify(queue)}`);
    },
  };
}

/** Runs a command as the scripted person and hands back its result and what they saw. */
export async function asPerson<T>(
  command: string,
  args: unknown[],
  acts: Act[],
  reply?: (message: Message) => string | undefined,
  saveTo?: vscode.Uri,
): Promise<{ result: T | undefined } & Person> {
  const person = scriptPerson(acts, reply, saveTo);
  let result: T | undefined;
  try {
    result = await vscode.commands.executeCommand<T>(command, ...args);
  } finally {
    person.restore();
  }
  return { result, ...person };
}

export function folder(): string {
  const uri = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(uri, 'the relationship suites need the fixture folder open');
  return uri.fsPath;
}

export interface RawMemberFile {
  clock: number;
  entities: Record<string, { kind: string; fields: Record<string, unknown>; clocks: Record<string, number>; deleted?: number }>;
}

export function readPerson(member: string): RawMemberFile {
  return JSON.parse(readFileSync(join(folder(), '.accord', 'people', `${member}.json`), 'utf8')) as RawMemberFile;
}

/** Writes an entity into a partner's file, as a `git pull` of their commit would. */
export function writeAsPartner(member: string, id: string, kind: string, fields: Record<string, unknown>): void {
  const file = readPerson(member);
  const clock = file.clock + 1;
  file.clock = clock;
  file.entities[id] = { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((name) => [name, clock])) };
  writeFileSync(join(folder(), '.accord', 'people', `${member}.json`), `${JSON.stringify(file, null, 2)}\n`);
}

/** `git status --porcelain` of the fixture folder (a git repository). */
export function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: folder(), encoding: 'utf8' });
}
