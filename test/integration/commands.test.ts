import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ContextKeys } from '../../src/util/contextKeys';
import { accordApi, accordExtension, accordWorkspace } from './helpers';

interface Contributes {
  commands: Array<{ command: string; title: string; category?: string }>;
  views: Record<string, Array<{ id: string }>>;
}

describe('Commands', () => {
  let contributes: Contributes;
  let registered: string[];
  /** The ids that have a handler for the team served (extension.ts registers the contributed ids, and runs these). */
  let handled: readonly string[];

  before(async () => {
    await accordWorkspace();
    contributes = accordExtension().packageJSON.contributes as Contributes;
    registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('accord.'));
    handled = (await accordApi()).commands;
  });

  it('registers, and has a handler for, every command in package.json', () => {
    const ids = contributes.commands.map((c) => c.command);
    assert.deepEqual(
      ids.filter((id) => !registered.includes(id)),
      [],
      'contributed but not registered',
    );
    assert.deepEqual(
      ids.filter((id) => !handled.includes(id)),
      [],
      'contributed but no feature handles it',
    );
  });

  it('contributes every accord.* command it registers or handles', () => {
    const contributed = new Set(contributes.commands.map((c) => c.command));
    // VS Code adds <view id>.focus, .open and friends for every contributed view.
    const viewIds = Object.values(contributes.views)
      .flat()
      .map((v) => v.id);
    const extra = [...registered, ...handled].filter((id) => !contributed.has(id) && !viewIds.some((view) => id.startsWith(`${view}.`)));
    assert.deepEqual(extra, [], 'registered or handled but not contributed');
  });

  it('shows every command in the palette under "Accord" with a readable title', () => {
    for (const command of contributes.commands) {
      assert.equal(command.category, 'Accord', `${command.command} category`);
      assert.ok(command.title && !command.title.startsWith('%'), `${command.command} has no localized title (${command.title})`);
    }
  });

  it('every accord.* context key a when clause reads is one Accord sets', () => {
    const whens: string[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'when' && typeof inner === 'string') whens.push(inner);
          else collect(inner);
        }
      }
    };
    collect(accordExtension().packageJSON.contributes);
    // A view's id after `view ==`, and a tree item's contextValue after `viewItem ==`, are not context keys.
    const keys = new Set(
      whens.flatMap((when) => [...when.replace(/\b(view|viewItem)\s*(==|=~|!=)\s*[\w.]+/g, '').matchAll(/\baccord\.[A-Za-z]+/g)].map((m) => m[0])),
    );
    assert.ok(keys.size >= 3, `found ${[...keys].join(', ')}`);
    const known = new Set<string>(Object.values(ContextKeys));
    assert.deepEqual(
      [...keys].filter((key) => !known.has(key)),
      [],
      'read in package.json but never set',
    );
  });
});
