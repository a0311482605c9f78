import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The import walls of issue 14 §4 (eslint.config.mjs, IMPORT_WALLS): who may import whom, floor by floor.
 * Each wrong-way import below is refused with its wall's message, and the right ways in pass. The files are
 * virtual (lintText with a filePath), so the walls are shown whatever the tree holds today.
 * That the code as it is passes is `npm run lint`, which CI runs before the unit suite.
 */
const ROOT = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });
const WALL_RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

/** Messages of the import walls for `code` linted as if it were the file `path` (relative to the repository). */
async function wallProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  // A parse error or an ignored file has no rule id, and would otherwise pass every wall unseen.
  assert.deepEqual(
    result!.messages.filter((message) => message.ruleId === null).map((message) => message.message),
    [],
    `${path} was not linted`,
  );
  return result!.messages.filter((message) => message.ruleId !== null && WALL_RULES.has(message.ruleId)).map((message) => message.message);
}

/** Asserts `code` in `path` is refused, every problem saying `wall`. */
async function assertRefused(path: string, code: string, wall: RegExp): Promise<void> {
  const problems = await wallProblems(path, code);
  assert.ok(problems.length >= 1, `${path}: \`${code}\` passed the walls`);
  for (const problem of problems) assert.match(problem, wall, `${path}: \`${code}\``);
}

/** Asserts `code` in `path` passes every wall. */
async function assertPasses(path: string, code: string): Promise<void> {
  assert.deepEqual(await wallProblems(path, code), [], `${path}: \`${code}\``);
}

const KIT = /the command kit \(src\/commands\) never imports a feature/;
const PANELS = /src\/panels is what the planning panel and the dashboard share, so it never imports a feature/;
const INDEX_OF = (feature: string) => new RegExp(`only through that feature's index\\.ts\\. Import '\\.\\./${feature}'`);
const WEBVIEW_SRC =
  /webview\/ is browser code\. Outside its own folder it may import only src\/panels\/protocol and the import-free leaves src\/core\/shapes and src\/core\/safeText/;
const WEBVIEW_NODE = /webview\/ runs in the browser, where Node modules do not exist/;
const WEBVIEW_VSCODE = /webview\/ runs in the browser, where the 'vscode' module does not exist/;
const CLI_VSCODE = /src\/cli is the accord command line, a Node program where the 'vscode' module does not exist/;
const CLI_OTHER = /src\/cli \(the accord command line\) imports only src\/core, src\/store, its own files and package\.json/;

describe('lint: import walls between folders', function () {
  this.timeout(60_000);

  describe('the command kit never imports a feature', () => {
    for (const from of ['../daily', '../daily/share', '../team/setUp', '../planning/index', '../dashboard/dashboardPanel', '../relationship']) {
      it(`refuses src/commands → '${from}'`, async () => {
        await assertRefused('src/commands/register.ts', `import { x } from '${from}';\nexport { x };`, KIT);
      });
    }

    it('reads a relative path from the folder the file sits in', async () => {
      await assertRefused('src/commands/input/pick.ts', "import { x } from '../../daily';\nexport { x };", KIT);
      await assertPasses('src/commands/input/pick.ts', "import { x } from '../ids';\nimport { y } from '../../core';\nexport { x, y };");
    });

    it('refuses re-exports and type-only imports of a feature as well', async () => {
      await assertRefused('src/commands/register.ts', "export * from '../daily/share';", KIT);
      await assertRefused('src/commands/register.ts', "import type { Services } from '../daily/services';\nexport type { Services };", KIT);
    });

    it('passes the lower floors and its own files', async () => {
      const code = [
        "import { a } from '../core';",
        "import { b } from '../store/safeFile';",
        "import { c } from '../util/dispose';",
        "import { d } from '../identity/identity';",
        "import { e } from '../workspace/teams';",
        "import { f } from './ids';",
        'export { a, b, c, d, e, f };',
      ].join('\n');
      await assertPasses('src/commands/register.ts', code);
    });
  });

  describe('src/panels never imports a feature', () => {
    for (const from of ['../planning', '../planning/review', '../dashboard/data']) {
      it(`refuses src/panels → '${from}'`, async () => {
        await assertRefused('src/panels/panelHost.ts', `import { x } from '${from}';\nexport { x };`, PANELS);
      });
    }

    it('passes the kit, the lower floors and its own files', async () => {
      await assertPasses(
        'src/panels/html.ts',
        "import { a } from '../commands/ids';\nimport { b } from '../core/shapes';\nimport { c } from './protocol';\nexport { a, b, c };",
      );
    });
  });

  describe('a feature reaches another feature only through its index.ts', () => {
    it("refuses src/relationship → '../daily/share', naming daily's index", async () => {
      await assertRefused('src/relationship/covenant.ts', "import { share } from '../daily/share';\nexport { share };", INDEX_OF('daily'));
    });

    it("refuses src/dashboard → '../planning/review', naming planning's index", async () => {
      await assertRefused('src/dashboard/data.ts', "import { review } from '../planning/review';\nexport { review };", INDEX_OF('planning'));
    });

    it('refuses a dynamic import() that would walk round the wall', async () => {
      await assertRefused(
        'src/relationship/covenant.ts',
        "export const load = () => import('../daily/share');",
        /dynamic import\(\) walks round the import walls/,
      );
    });

    it("passes the other feature's index, the kit, src/panels, the lower floors and its own files", async () => {
      const code = [
        "import { a } from '../daily';",
        "import { b } from '../planning/index';",
        "import { c } from '../commands/handler';",
        "import { d } from '../panels/html';",
        "import { e } from '../core';",
        "import { f } from '../workspace/teams';",
        "import { g } from './feedback';",
        'export { a, b, c, d, e, f, g };',
      ].join('\n');
      await assertPasses('src/relationship/covenant.ts', code);
    });

    it('passes a feature importing its own inner files', async () => {
      await assertPasses('src/daily/index.ts', "import { a } from './share';\nexport { a };");
    });

    it('reads a relative path from the sub-folder the file sits in', async () => {
      await assertRefused('src/daily/views/followUpsProvider.ts', "import { review } from '../../planning/review';\nexport { review };", INDEX_OF('planning'));
      await assertPasses(
        'src/daily/views/followUpsProvider.ts',
        "import { a } from '../services';\nimport { b } from '../../planning';\nimport { c } from '../../core';\nexport { a, b, c };",
      );
    });
  });

  describe('webview/ is browser code', () => {
    it('refuses a feature of src', async () => {
      await assertRefused('webview/main.ts', "import { x } from '../src/daily';\nexport { x };", WEBVIEW_SRC);
      await assertRefused('webview/planning/app.ts', "import { x } from '../../src/planning/protocol';\nexport { x };", WEBVIEW_SRC);
      await assertRefused('webview/format.ts', "import { dayIn } from '../src/core/dates';\nexport { dayIn };", WEBVIEW_SRC);
    });

    for (const from of ['node:fs', 'fs', 'node:path', 'fs/promises']) {
      it(`refuses '${from}'`, async () => {
        await assertRefused('webview/main.ts', `import * as x from '${from}';\nexport { x };`, WEBVIEW_NODE);
      });
    }

    it("refuses 'vscode'", async () => {
      await assertRefused('webview/dashboard/app.ts', "import * as vscode from 'vscode';\nexport { vscode };", WEBVIEW_VSCODE);
    });

    it('passes src/panels/protocol, src/core/shapes, src/core/safeText, its own files and browser packages', async () => {
      await assertPasses(
        'webview/main.ts',
        "import type { PlanningView } from '../src/panels/protocol';\nimport { render } from 'lit';\nexport type { PlanningView };\nexport { render };",
      );
      const code = [
        "import { STEPS } from '../../src/panels/protocol';",
        "import { MEMBER_ID_PATTERN } from '../../src/core/shapes';",
        "import { safeText } from '../../src/core/safeText';",
        "import { format } from '../format';",
        "import { view } from './model';",
        "import '@vscode-elements/elements/dist/vscode-button/index.js';",
        'export { STEPS, MEMBER_ID_PATTERN, safeText, format, view };',
      ].join('\n');
      await assertPasses('webview/planning/app.ts', code);
    });
  });

  describe('src/cli is a Node program: core, store and its own files, never vscode', () => {
    it("refuses 'vscode'", async () => {
      await assertRefused('src/cli/program.ts', "import * as vscode from 'vscode';\nexport { vscode };", CLI_VSCODE);
    });

    for (const from of ['../workspace/accordWorkspace', '../daily', '../commands/ids', '../util/dispose', '../extension', '../../test/unit/helpers']) {
      it(`refuses src/cli → '${from}'`, async () => {
        await assertRefused('src/cli/check.ts', `import { x } from '${from}';\nexport { x };`, CLI_OTHER);
      });
    }

    it('reads a relative path from the sub-folder the file sits in', async () => {
      await assertRefused('src/cli/digest/html.ts', "import { x } from '../../team/setUp';\nexport { x };", CLI_OTHER);
      await assertPasses('src/cli/digest/html.ts', "import { a } from '../../core';\nimport { b } from '../output';\nexport { a, b };");
    });

    it('passes src/core, src/store, its own files, package.json and packages', async () => {
      const code = [
        "import { a } from '../core';",
        "import { b } from '../core/covenant';",
        "import { c } from '../store/safeFile';",
        "import { d } from './check';",
        "import { version } from '../../package.json';",
        "import { Command } from 'commander';",
        "import { readFile } from 'node:fs/promises';",
        'export { a, b, c, d, version, Command, readFile };',
      ].join('\n');
      await assertPasses('src/cli/program.ts', code);
    });

    it('is a floor nobody else imports: src/core, src/store and a feature refuse it', async () => {
      await assertRefused('src/store/store.ts', "import { x } from '../cli/check';\nexport { x };", /src\/core and src\/store import only each other/);
      await assertRefused('src/team/showDataProblems.ts', "import { x } from '../cli/check';\nexport { x };", /a feature \(here src\/team\) imports only/);
    });
  });

  describe('src/core stays free of vscode', () => {
    it("refuses 'vscode' in src/core", async () => {
      await assertRefused('src/core/team.ts', "import * as vscode from 'vscode';\nexport { vscode };", /src\/core and src\/store must not depend on vscode/);
    });

    it('refuses any import at all in src/core/shapes.ts and src/core/safeText.ts', async () => {
      await assertRefused(
        'src/core/shapes.ts',
        "import { isDay } from './dates';\nexport { isDay };",
        /src\/core\/shapes\.ts and src\/core\/safeText\.ts are browser-safe leaves/,
      );
      await assertRefused('src/core/safeText.ts', "import { isDay } from './shapes';\nexport { isDay };", /are browser-safe leaves/);
    });

    it('passes core importing core', async () => {
      await assertPasses(
        'src/core/team.ts',
        "import { isDay } from './dates';\nimport { MEMBER_ID_PATTERN } from './shapes';\nexport { isDay, MEMBER_ID_PATTERN };",
      );
    });
  });

  describe('the lower floors never import what sits above them', () => {
    it('refuses src/util → the kit, src/workspace → a feature', async () => {
      await assertRefused(
        'src/util/quickInput.ts',
        "import { x } from '../commands/ids';\nexport { x };",
        /lower floors: they import only src\/core, src\/store and each other/,
      );
      await assertRefused('src/workspace/teams.ts', "import { x } from '../daily';\nexport { x };", /lower floors/);
    });

    it('passes a floor importing core, store and another floor', async () => {
      await assertPasses(
        'src/workspace/teams.ts',
        "import { a } from '../core';\nimport { b } from '../store';\nimport { c } from '../util/dispose';\nexport { a, b, c };",
      );
    });
  });

  describe('a path that goes into a folder and back out cannot walk round a wall', () => {
    for (const [file, from] of [
      ['src/commands/register.ts', './../daily/share'],
      ['src/relationship/kudos.ts', '../commands/../daily/share'],
      ['src/panels/panelSlot.ts', '../core/../planning/planningPanel'],
      ['src/core/team.ts', './../daily/share'],
    ] as const) {
      it(`refuses ${file} → '${from}'`, async () => {
        await assertRefused(file, `import { x } from '${from}';\nexport { x };`, /walks round the import walls/);
      });
    }

    it("refuses src/core → a feature's index ('../daily'), which the folder pattern alone missed", async () => {
      await assertRefused(
        'src/core/team.ts',
        "import type { DailyLoop } from '../daily';\nexport type { DailyLoop };",
        /src\/core and src\/store import only each other/,
      );
    });

    it('passes the plain climbs of a nested file', async () => {
      await assertPasses('src/daily/views/microGoalsModel.ts', "import { a } from '../../core';\nimport { b } from '../microGoalActions';\nexport { a, b };");
    });
  });

  it('lets src/accord.ts, which puts the features together, import anything', async () => {
    await assertPasses('src/accord.ts', "import { a } from './daily/share';\nimport { b } from './planning/review';\nexport { a, b };");
  });

  it('keeps src/extension.ts, the entry VS Code activates, to vscode and types: Accord itself loads after activation', async () => {
    await assertPasses(
      'src/extension.ts',
      "import * as vscode from 'vscode';\nimport type { Accord } from './accord';\nexport type { Accord };\nexport const v = vscode;",
    );
    await assertRefused('src/extension.ts', "import { start } from './accord';\nexport { start };", /imports only vscode \(and types\)/);
    await assertRefused('src/extension.ts', "import { a } from './daily/share';\nexport { a };", /imports only vscode \(and types\)/);
  });
});
