/**
 * `accord digest --format html` opened in Chromium (issue 17 §6), as a colleague opens the page
 * someone shared: from a file:// URL, in a tab of its own beside the workbench. The digest of the
 * XSS fixture (test/fixtures/xss: every text field of Mallory's file holds an `<img onerror>` and
 * a `<script>` that count themselves in `window.__accordXss`) must run no script at all, and show
 * the hostile text as text. The sample workspace's digest is photographed in the light and the
 * dark colour scheme (test-results/e2e-digest-light.png, e2e-digest-dark.png), to be looked at.
 * The pages are made by the built dist/cli.js (npm run test:e2e builds it), run as a child process.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { session } from './session';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = promisify(execFile);

/** Writes the html digest of the team in `folder` to `file`, with `args` for the period. */
async function htmlDigest(folder: string, file: string, args: string[]): Promise<void> {
  await run(process.execPath, [CLI, 'digest', '--format', 'html', '-o', file, ...args], { cwd: folder });
}

describe('accord digest html in Chromium', function () {
  this.timeout(120_000);
  let temp: string;
  let page: Page;
  const dialogs: string[] = [];
  const requests: string[] = [];

  before(async () => {
    temp = await mkdtemp(join(tmpdir(), 'accord-digest-e2e-'));
    page = await session().page.context().newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
  });

  after(async () => {
    await page?.close();
    await rm(temp, { recursive: true, force: true });
  });

  it('runs no script from the XSS fixture and shows its hostile text as text', async () => {
    const file = join(temp, 'xss.html');
    await htmlDigest(join(ROOT, 'test', 'fixtures', 'xss'), file, ['--since', '2026-01-01', '--today', '2026-01-20']);
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await page.waitForLoadState('load');

    const found = await page.evaluate(() => ({
      pwned: (window as { __accordXss?: unknown }).__accordXss,
      scripts: document.scripts.length,
      images: document.images.length,
      handlers: [...document.querySelectorAll('*')].flatMap((element) => element.getAttributeNames().filter((name) => /^on/i.test(name))),
      headings: [...document.querySelectorAll('h1, h2')].map((heading) => heading.textContent),
    }));
    assert.deepEqual(found.pwned, undefined, 'no injected handler or script ran');
    assert.equal(found.scripts, 0);
    assert.equal(found.images, 0);
    assert.deepEqual(found.handlers, []);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(
      requests.filter((request) => request !== url),
      [],
      'the page loads nothing else',
    );

    const name = '<img src=x onerror="window.__accordXss=(window.__accordXss||0)+1"> Mallory <script>window.__accordXss=(window.__accordXss||0)+1</script>';
    assert.equal(found.headings[1], name, 'the hostile name is the heading’s text');
    for (const text of [name, 'lesson <script>', 'finished micro-goal <script>', 'helped 0 <script>']) {
      const shown = page.getByText(text, { exact: false }).first();
      assert.ok(await shown.isVisible(), `“${text}” shows as text`);
    }
  });

  it('reads cleanly in the light and the dark colour scheme (screenshots of the sample team)', async () => {
    const file = join(temp, 'sample.html');
    await htmlDigest(join(ROOT, 'sample'), file, ['--since', '2026-11-01', '--today', '2026-11-24']);
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.goto(pathToFileURL(file).href);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const colours = await page.evaluate(() => {
        const style = getComputedStyle(document.body);
        return { background: style.backgroundColor, text: style.color };
      });
      const brightness = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, n) => sum + Number(n), 0);
      if (scheme === 'light') assert.ok(brightness(colours.background) > brightness(colours.text), `${scheme}: dark text on a light page`);
      else assert.ok(brightness(colours.background) < brightness(colours.text), `${scheme}: light text on a dark page`);
      assert.ok(await page.getByRole('heading', { level: 2, name: 'Sam Okafor' }).isVisible());
      await page.screenshot({ path: join(session().resultsDir, `e2e-digest-${scheme}.png`), fullPage: true });
    }
  });
});
