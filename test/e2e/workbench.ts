/** Doing things in the VS Code workbench the way a person does: clicks and keys, read back from the screen. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { session } from './session';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text of a Monaco editor's drawn lines, top to bottom, no-break spaces as spaces, joined with "\n" (runs in the page). */
function drawnText(element: Element): string {
  return Array.from(element.querySelectorAll<HTMLElement>('.view-line'))
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
    .join('\n');
}

export class Workbench {
  constructor(readonly page: Page) {}

  static current(): Workbench {
    return new Workbench(session().page);
  }

  /** Waits for the workbench to finish loading (the activity bar shows Accord's icon). */
  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await this.activityItem('Accord').waitFor({ timeout: 60_000 });
  }

  /**
   * The activity bar's item for the container `name`: its label is the name, followed by its
   * keybinding or badge when it has one ("Source Control (Ctrl+Shift+G) - 1 pending changes").
   * The item, not its icon, since a badge lies over the icon and takes its clicks.
   */
  activityItem(name: string): Locator {
    return this.page.locator('.part.activitybar .action-item', { has: this.page.locator(`a[aria-label="${name}"], a[aria-label^="${name} "]`) });
  }

  /** Opens a view container from the activity bar (a second click would close it). */
  async openContainer(name: string, viewletId: string): Promise<Locator> {
    const viewlet = this.page.locator(`.part.sidebar [id="${viewletId}"]`);
    if (!(await viewlet.isVisible())) await this.activityItem(name).click();
    await viewlet.waitFor({ state: 'visible' });
    await this.restMouse();
    return viewlet;
  }

  /** Drags the side bar's edge so tree rows show their whole description, as a person would. */
  async widenSideBar(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    assert.ok(box, 'the side bar is not showing');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await this.restMouse();
  }

  /** Moves the pointer to an empty spot so no hover covers what a screenshot should show. */
  async restMouse(): Promise<void> {
    const viewport = this.page.viewportSize();
    await this.page.mouse.move((viewport?.width ?? 1000) - 40, (viewport?.height ?? 800) - 80);
  }

  /** The row of a side-bar tree whose label is exactly `label`. */
  treeRow(label: string): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
  }

  /** The grey text after a row's label ("due tomorrow · Sam Okafor"). */
  async rowDescription(label: string): Promise<string> {
    return ((await this.treeRow(label).first().locator('.label-description').textContent()) ?? '').trim();
  }

  /** Opens every collapsed group of the side bar's trees, one click on its twistie at a time. */
  async expandAll(): Promise<void> {
    const collapsed = this.page.locator('.part.sidebar .monaco-list-row[aria-expanded="false"]');
    for (let i = 0; i < 20 && (await collapsed.count()) > 0; i++) {
      await collapsed.first().locator('.monaco-tl-twistie').click();
    }
    await this.restMouse();
  }

  /**
   * Waits until `row` shows, opening collapsed groups again while it does not: a refresh of the
   * tree (a file reload after a write) may draw a group again between a twistie's click and the
   * next look, and a fixed wait for the row would then fail on a busy machine.
   */
  async revealRow(row: Locator, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      await this.expandAll();
      try {
        await row.first().waitFor({ timeout: 1_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      // A tree draws only the rows in sight: scroll each side-bar list down, as a person would,
      // and back to the top every few tries in case the row was above.
      await this.scrollSideBarLists(attempt % 5 === 4 ? -10_000 : 200);
    }
  }

  /** Turns the mouse wheel by `deltaY` pixels over each list in the side bar. */
  private async scrollSideBarLists(deltaY: number): Promise<void> {
    const lists = this.page.locator('.part.sidebar .pane-body .monaco-list');
    const count = await lists.count();
    for (let i = 0; i < count; i++) {
      const box = await lists.nth(i).boundingBox();
      if (!box || box.height < 10) continue;
      await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
      await this.page.mouse.wheel(0, deltaY);
    }
    await this.restMouse();
  }

  /**
   * Hovers the label of `row` (a side-bar tree row) and returns the text of the tooltip that
   * holds `hasText`, white space folded to single spaces (tooltips are markdown from plain text,
   * so their spaces are no-break spaces). A redraw of the tree closes an open tooltip: then the
   * pointer leaves the row and comes back, as a person's would. `screenshot` names a picture of it.
   */
  async rowTooltip(row: Locator, hasText: string | RegExp, screenshot?: string): Promise<string> {
    const tooltip = this.page.locator('.workbench-hover .hover-contents', { hasText }).first();
    for (let attempt = 1; ; attempt++) {
      await this.restMouse();
      await row.first().locator('.label-name').hover(); // the tooltip belongs to the label, not the empty end of the row
      try {
        await tooltip.waitFor({ timeout: 5_000 });
        const text = ((await tooltip.textContent({ timeout: 1_000 })) ?? '').replace(/\s+/g, ' ').trim();
        if (screenshot) await this.screenshot(screenshot);
        await this.restMouse();
        return text;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  }

  /**
   * Clicks the inline action labelled `action` (a command title, e.g. "Start Work on
   * Micro-goal…") on a side-bar tree row: the pointer rests on the row first, which is when VS
   * Code shows a row's inline actions. Tries again when a redraw of the tree takes the row away
   * between the hover and the click.
   */
  async clickRowAction(row: Locator, action: string): Promise<void> {
    const button = row.first().locator(`.actions .action-label[aria-label^="${action}"]`);
    for (let attempt = 1; ; attempt++) {
      try {
        await row.first().hover();
        await button.click({ timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt === 4) throw error;
      }
    }
  }

  /**
   * The pane of the view titled `title` ("Timeline", "Follow-ups") in the side bar: its header
   * and, while it is expanded, its body.
   */
  viewPane(title: string): Locator {
    return this.page.locator('.part.sidebar .pane', {
      has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }),
    });
  }

  /** Opens (`expanded` true) or folds the view titled `title` with a click on its header, as a person does; nothing when it already is so. */
  async expandView(title: string, expanded = true): Promise<Locator> {
    const pane = this.viewPane(title);
    const header = pane.locator('.pane-header').first();
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
    await pane.locator(`.pane-header[aria-expanded="${expanded}"]`).waitFor();
    await this.restMouse();
    return pane;
  }

  /** The rows of the tree in the view titled `title`, top to bottom. */
  viewRows(title: string): Locator {
    return this.viewPane(title).locator('.pane-body .monaco-list-row');
  }

  /**
   * Clicks the action labelled `action` ("Mark Timeline Read") in the title bar of the view
   * titled `title`: the pointer rests on the header first, which is when VS Code shows them.
   */
  async clickViewAction(title: string, action: string): Promise<void> {
    const header = this.viewPane(title).locator('.pane-header').first();
    await header.hover();
    await header.locator(`.actions .action-label[aria-label^="${action}"]`).click();
    await this.restMouse();
  }

  /**
   * Switches the colour theme with Preferences: Color Theme, as a person does, and waits until
   * the workbench is drawn in it: `kind` is the theme's type, the class VS Code gives the
   * workbench (vs, vs-dark, hc-black, hc-light).
   */
  async setTheme(label: string, kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.locator('input.input').waitFor({ state: 'visible' });
    await this.page.keyboard.type('Preferences: Color Theme', { delay: 5 });
    await this.quickInput.locator('.monaco-list-row[aria-label^="Preferences: Color Theme"]').first().click();
    await this.quickInput.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    await this.page.keyboard.type(label, { delay: 5 });
    await this.quickInput.locator('.monaco-list-row.focused', { hasText: label }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor();
    await this.restMouse();
  }

  /**
   * Answers the open input box whose prompt says `prompt` (the steps of a command share one
   * title; the prompt tells them apart): replaces what it holds with `text`, then Enter.
   */
  async reply(prompt: string, text: string, screenshot?: string): Promise<void> {
    await this.quickInput.locator('.quick-input-message', { hasText: prompt }).waitFor();
    const input = this.quickInput.locator('input.input');
    await input.press('Control+A');
    await input.press('Backspace');
    if (text) await this.page.keyboard.type(text, { delay: 5 });
    assert.equal(await input.inputValue(), text, `the box that asks "${prompt}" holds what was typed`);
    if (screenshot) await this.screenshot(screenshot);
    await this.page.keyboard.press('Enter');
  }

  /** Opens the Source Control view from the activity bar and returns it, once its commit message box shows. */
  async openSourceControl(): Promise<Locator> {
    const viewlet = await this.openContainer('Source Control', 'workbench.view.scm');
    await this.scmInput.waitFor({ state: 'visible' });
    return viewlet;
  }

  /** The Source Control view's commit message box (an editor). */
  get scmInput(): Locator {
    return this.page.locator('.part.sidebar .scm-editor .monaco-editor').first();
  }

  /**
   * What the commit message box shows, line by line as drawn (no-break spaces as spaces, lines
   * joined with "\n"). The box grows with its text up to scm.inputMaxLineCount lines (10 by
   * default), so a short message shows whole.
   */
  async scmMessage(): Promise<string> {
    return this.scmInput.locator('.view-lines').evaluate(drawnText);
  }

  /** Waits until the commit message box shows `expected`, and fails saying what it shows instead. */
  async waitForScmMessage(expected: string, what: string, timeoutMs = 20_000): Promise<void> {
    const lines = await this.scmInput.locator('.view-lines').elementHandle();
    try {
      await this.page.waitForFunction(
        // drawnText again: a function handed to the page is sent as its source, alone.
        ({ element, text }) =>
          Array.from(element?.querySelectorAll<HTMLElement>('.view-line') ?? [])
            .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
            .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
            .join('\n') === text,
        { element: lines, text: expected },
        { timeout: timeoutMs },
      );
    } catch {
      assert.equal(await this.scmMessage(), expected, `the commit message box: ${what}`);
    }
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** F1, type the command's name, Enter, as a person runs a command. */
  async runCommand(title: string, screenshot?: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input.input');
    await input.waitFor({ state: 'visible' });
    await this.page.keyboard.type(title, { delay: 10 });
    // Enter only once the best match is the command itself.
    await this.quickInput.locator(`.monaco-list-row.focused[aria-label^="${title}"]`).waitFor();
    if (screenshot) await this.screenshot(screenshot);
    await this.page.keyboard.press('Enter');
  }

  /** Waits for the quick input titled `title` (a step of a multi-step command). */
  async step(title: string): Promise<void> {
    await this.quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible' });
  }

  /** Picks an item in the open quick pick by typing its label. */
  async pick(title: string, label: string, screenshot?: string): Promise<void> {
    await this.step(title);
    await this.page.keyboard.type(label, { delay: 10 });
    await this.quickInput.locator('.monaco-list-row.focused', { hasText: label }).waitFor();
    if (screenshot) await this.screenshot(screenshot);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Picks `label` in the quick pick whose placeholder is `placeholder` ("Which branch?"): for the
   * steps of a command that share one title, the question tells them apart. The screenshot,
   * when `screenshot` names one, shows every choice, before typing narrows them.
   */
  async choose(placeholder: string, label: string, screenshot?: string): Promise<void> {
    await this.quickInput.locator(`input.input[placeholder="${placeholder}"]`).waitFor({ state: 'visible' });
    await this.quickInput.locator('.monaco-list-row', { hasText: label }).first().waitFor();
    if (screenshot) await this.screenshot(screenshot); // every choice in view, before typing narrows them
    await this.page.keyboard.type(label, { delay: 10 });
    await this.quickInput.locator('.monaco-list-row.focused', { hasText: label }).waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Answers the open input box: replaces what it holds with `text` (undefined keeps it) and presses Enter. */
  async answer(title: string, text?: string, screenshot?: string): Promise<void> {
    await this.step(title);
    const input = this.quickInput.locator('input.input');
    if (text !== undefined) {
      await input.press('Control+A');
      await input.press('Backspace');
      if (text) await this.page.keyboard.type(text, { delay: 5 });
      assert.equal(await input.inputValue(), text, `the box for "${title}" holds what was typed`);
    }
    if (screenshot) await this.screenshot(screenshot);
    await this.page.keyboard.press('Enter');
  }

  /** Saves a screenshot of the whole window to test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(session().resultsDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
