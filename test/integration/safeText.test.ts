/**
 * Text from a partner's file on every VS Code surface (issue 12 §4): notifications, modal
 * dialogs, status bar messages, quick picks, input boxes and the three views get it as text.
 * VS Code 1.100 opens `[label](command:…)` links in notifications with allowCommands, draws
 * `$(icon)` in quick picks and the status bar, and lets an unclosed U+202E reverse the words
 * after it; the window API is recorded here, and what Accord handed to it is checked.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { memberEntityId } from '../../src/core';
import { offerKudos } from '../../src/relationship/kudos';
import { AccordStore } from '../../src/store';
import type { FollowUpNode } from '../../src/daily/views/followUpsProvider';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordExtension, accordWorkspace, folderPath, ME, microGoalsProvider, PARTNER, peopleDir, treeRows } from './helpers';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

const COMMAND_LINK = '[Open the spec](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
const TITLE = `${COMMAND_LINK} $(loading~spin) Rotate \u202Etoken`;
const NAME = '$(verified-filled) Security Team \u202E';
const BEHAVIOUR = 'You merged [this](command:workbench.action.quit) fast \u2069\u202E and $(sync~spin)';

/** VS Code 1.100's notification link syntax (workbench `parseLinkedText`). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const LIVE_ICON = /\$\(([a-z0-9-]+(?:~[a-z]+)?)\)/gi;

/**
 * Fails unless `text` holds no link a notification would draw, no live icon but Accord's own
 * (`ownIcons`), and no bidi control left unpaired (one that could reorder the words after it).
 */
function assertDrawnAsText(text: string | undefined, ownIcons: string[] = []): void {
  if (text === undefined) return;
  assert.deepEqual(
    [...text.matchAll(NOTIFICATION_LINK)].map((m) => m[0]),
    [],
    `a live link in ${JSON.stringify(text)}`,
  );
  assert.deepEqual(
    [...text.matchAll(LIVE_ICON)].map((m) => m[1]),
    ownIcons,
    `live icons in ${JSON.stringify(text)}`,
  );
  const open: string[] = [];
  for (const char of text.split(/[\n\r\u2029]/).join('\n')) {
    if (char === '\n') open.length = 0;
    else if ('\u202A\u202B\u202D\u202E'.includes(char)) open.push('embedding');
    else if ('\u2066\u2067\u2068'.includes(char)) open.push('isolate');
    else if (char === '\u202C') assert.equal(open.pop(), 'embedding', `a stray PDF in ${JSON.stringify(text)}`);
    else if (char === '\u2069') assert.equal(open.pop(), 'isolate', `a stray PDI in ${JSON.stringify(text)}`);
  }
  assert.deepEqual(open, [], `an unclosed bidi control in ${JSON.stringify(text)}`);
}

/** What Accord handed to VS Code's window API while `action` ran; every prompt is dismissed, every message left unanswered. */
async function recordWindow(action: () => Thenable<unknown>, answer: (kind: string, text: string) => string | undefined = () => undefined) {
  const window = vscode.window as Window;
  const names = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage', 'showQuickPick', 'showInputBox'] as const;
  const original = Object.fromEntries(names.map((name) => [name, window[name]]));
  const messages: { kind: string; text: string; detail?: string; items: string[] }[] = [];
  const statusBar: string[] = [];
  const picks: { title?: string; placeHolder?: string; items: vscode.QuickPickItem[] }[] = [];
  const inputs: vscode.InputBoxOptions[] = [];
  const message = (kind: string) =>
    (async (text: string, ...rest: unknown[]) => {
      const options = rest[0] && typeof rest[0] === 'object' && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
      const items = rest.map((i) => (typeof i === 'string' ? i : (i as vscode.MessageItem).title));
      messages.push({ kind, text, items, ...(options?.detail ? { detail: options.detail } : {}) });
      return answer(kind, text);
    }) as never;
  window.showInformationMessage = message('information');
  window.showWarningMessage = message('warning');
  window.showErrorMessage = message('error');
  window.setStatusBarMessage = ((text: string) => {
    statusBar.push(text);
    return new vscode.Disposable(() => undefined);
  }) as never;
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = [...(await items)];
    picks.push({ title: options?.title, placeHolder: options?.placeHolder, items: list });
    const chosen = answer('pick', options?.title ?? '');
    return list.find((item) => item.label === chosen);
  }) as never;
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    inputs.push(options ?? {});
    return answer('input', options?.title ?? '');
  }) as never;
  try {
    await action();
  } finally {
    Object.assign(window, original);
  }
  return { messages, statusBar, picks, inputs };
}

describe('Text from data on every surface', () => {
  let workspace: AccordWorkspace;
  let samsTitle: string;
  let samsFeedback: string;
  const saved = new Map<string, string>();

  before(async () => {
    workspace = await accordWorkspace();
    for (const member of [ME.id, PARTNER.id]) saved.set(member, readFileSync(join(peopleDir(), `${member}.json`), 'utf8'));
    // Sam's file, as a pull brings it: his name, a micro-goal and feedback for me, all hostile.
    const sam = new AccordStore({ root: folderPath(), me: PARTNER.id });
    await sam.loadAll();
    const at = new Date().toISOString();
    const ids = await sam.update((edit) => {
      edit.set(memberEntityId(PARTNER.id), 'member', { name: NAME });
      const micro = edit.create('microGoal', 'mg', {
        title: TITLE,
        owner: PARTNER.id,
        done: false,
        createdAt: at,
        due: '2030-03-20',
        scope: `only ${COMMAND_LINK}`,
      });
      const feedback = edit.create('feedback', 'fb', {
        from: PARTNER.id,
        to: ME.id,
        type: 'appreciation',
        behaviour: BEHAVIOUR,
        impact: `It saved me $(clock) an hour \u202E`,
        at,
      });
      return { micro, feedback };
    });
    assert.ok(ids);
    samsTitle = ids.micro;
    samsFeedback = ids.feedback;
    await workspace.reload();
    assert.ok(workspace.state.entities.microGoal.has(samsTitle));
  });

  after(async () => {
    for (const [member, text] of saved) writeFileSync(join(peopleDir(), `${member}.json`), text);
    await workspace.reload();
  });

  it('a partner’s title with a command link is text in the notification, not a link that runs a command', async () => {
    // Edit Micro-goal on Sam's micro-goal: "“…” is Sam's. Changing its date … is a renegotiation."
    const { messages } = await recordWindow(() => vscode.commands.executeCommand('accord.editMicroGoal', samsTitle));
    assert.equal(messages.length, 1, JSON.stringify(messages));
    const [told] = messages;
    assertDrawnAsText(told!.text);
    assert.ok(told!.text.replaceAll('\u200B', '').includes(COMMAND_LINK), 'the title is all there, as text');
    assert.ok(told!.text.includes('Rotate <U+202E>token'), told!.text);
    // Delete Micro-goal on Sam's: "only they can delete it".
    const deleting = await recordWindow(() => vscode.commands.executeCommand('accord.deleteMicroGoal', samsTitle));
    for (const m of deleting.messages) assertDrawnAsText(m.text);
  });

  it('quick picks: a partner’s title, name and scope are text in label, description and detail', async () => {
    const { picks } = await recordWindow(() => vscode.commands.executeCommand('accord.completeMicroGoal'));
    assert.equal(picks.length, 1);
    const item = picks[0]!.items.find((i) => (i as { id?: string }).id === samsTitle);
    assert.ok(item, 'Sam’s micro-goal is offered');
    assertDrawnAsText(item.label);
    assertDrawnAsText(item.description);
    assertDrawnAsText(item.detail);
    assert.match(item.description ?? '', /Security Team <U\+202E>$/);
    // Renegotiate: the pick of what to change shows the scope, and every later title quotes the title.
    const renegotiating = await recordWindow(() => vscode.commands.executeCommand('accord.renegotiate', samsTitle));
    assert.equal(renegotiating.picks.length, 1);
    assertDrawnAsText(renegotiating.picks[0]!.title);
    for (const i of renegotiating.picks[0]!.items) {
      assertDrawnAsText(i.label);
      assertDrawnAsText(i.description);
    }
  });

  it('status bar messages and the kudos offer: my own title, typed with icon syntax, is text; Accord’s icon stays live', async () => {
    const adding = await recordWindow(
      () => vscode.commands.executeCommand('accord.addMicroGoal'),
      (kind, title) => (kind === 'pick' ? 'No goal' : title.includes('(2/4)') ? TITLE : title.includes('(3/4)') || title.includes('(4/4)') ? '' : undefined),
    );
    assert.deepEqual(adding.statusBar.length, 1, JSON.stringify(adding));
    assertDrawnAsText(adding.statusBar[0], ['check']);
    const mine = [...workspace.state.entities.microGoal.values()].find((m) => m.owner === ME.id && m.title === TITLE);
    assert.ok(mine, 'the title was saved as typed');
    const completing = await recordWindow(() => vscode.commands.executeCommand('accord.completeMicroGoal', mine.id));
    assertDrawnAsText(completing.statusBar[0], ['pass-filled']);
    for (const m of completing.messages) assertDrawnAsText(m.text);
    // The kudos offer for Sam's micro-goal: "<name> finished “<title>”. Send kudos to <name>?"
    const kudos = await recordWindow(() => offerKudos({ workspace, extensionContext: undefined as never }, samsTitle));
    assert.equal(kudos.messages.length, 1);
    assert.deepEqual(kudos.messages[0]!.items, ['Send Kudos', 'Not Now']);
    assertDrawnAsText(kudos.messages[0]!.text);
    const deleting = await recordWindow(() => vscode.commands.executeCommand('accord.deleteMicroGoal', mine.id));
    assert.equal(deleting.messages.length, 1);
    assert.match(deleting.messages[0]!.text, /^Deleted “/);
    assertDrawnAsText(deleting.messages[0]!.text);
  });

  it('a modal dialog: feedback from a partner, its name and every part, are text', async () => {
    const { messages } = await recordWindow(() => vscode.commands.executeCommand('accord.acknowledgeFeedback', samsFeedback));
    assert.equal(messages.length, 1);
    assertDrawnAsText(messages[0]!.text);
    assertDrawnAsText(messages[0]!.detail);
    assert.match(messages[0]!.detail ?? '', /You merged \[this\]\u200B\(command:workbench\.action\.quit\) fast <U\+2069><U\+202E> and \$\u200B\(sync~spin\)/);
  });

  it('the views: Micro-goals rows and tooltips, Follow-ups and Partners rows show the partner’s text as text', async () => {
    const rows = await treeRows(await microGoalsProvider());
    const row = rows.find((r) => r.label.replaceAll('\u200B', '').startsWith(COMMAND_LINK));
    assert.ok(row, 'Sam’s micro-goal is in the view');
    assertDrawnAsText(row.label);
    assertDrawnAsText(row.description);
    assert.match(row.description, /Security Team <U\+202E>$/);
    assert.equal(/[\u202A-\u202E\u2066-\u2069]/.test(row.tooltip.replace(/\u2068[^\u2068\u2069]*\u2069/g, '')), false, row.tooltip);
    const daily = accordExtension().exports.daily;
    const groups = daily.followUps.getChildren();
    const followUps = groups.flatMap((group: FollowUpNode) => daily.followUps.getChildren(group));
    const feedbackRow = followUps
      .map((node: FollowUpNode) => daily.followUps.resolveTreeItem(daily.followUps.getTreeItem(node), node))
      .find((item: vscode.TreeItem) => String(item.label).includes('Security Team'));
    assert.ok(feedbackRow, 'the feedback waits for me in Follow-ups');
    assertDrawnAsText(String(feedbackRow.label));
    assertDrawnAsText((feedbackRow.tooltip as vscode.MarkdownString).value);
    const partners = daily.partners.getChildren().map((p) => daily.partners.getTreeItem(p));
    const samRow = partners.find((item) => item.id === `partner:${PARTNER.id}`);
    assert.ok(samRow);
    assertDrawnAsText(String(samRow.label));
    assert.equal(samRow.label, '$\u200B(verified-filled) Security Team <U+202E>');
  });
});
