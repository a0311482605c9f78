// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NO_DATA_IN_INNER_HTML = {
  selector: "MemberExpression[property.name='innerHTML']",
  message: 'Never put data into innerHTML: build DOM nodes and set textContent.',
};

const HOST_ZONE =
  "computes in the machine's own time zone; src/core computes every instant, day and week in the member's zone (issue 12 §1). Use the UTC methods on day numbers, or instantInZone/dayIn/LocalDays from dates.ts and localDays.ts.";
/**
 * Host-local date APIs, refused in src/core and src/store: a result must be the same on every machine.
 * The UTC forms (getUTCDay, setUTCHours, Date.UTC, toISOString) are unaffected.
 * test/unit/hostZoneLint.test.ts shows each of these failing and the UTC forms passing.
 */
const NO_HOST_ZONE_DATES = [
  {
    selector: 'MemberExpression[property.name=/^(get|set)(FullYear|Year|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)$/]',
    message: `Local date getters and setters ${HOST_ZONE}`,
  },
  { selector: "MemberExpression[property.name='getTimezoneOffset']", message: `getTimezoneOffset ${HOST_ZONE}` },
  { selector: 'MemberExpression[property.name=/^to(Date|Time)String$/]', message: `toDateString/toTimeString ${HOST_ZONE}` },
  {
    selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]:not(:has(ObjectExpression > Property[key.name='timeZone']))",
    message: `toLocale*String without a timeZone option ${HOST_ZONE}`,
  },
  {
    selector: "NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']:not(:has(ObjectExpression > Property[key.name='timeZone']))",
    message: `Intl.DateTimeFormat without a timeZone option ${HOST_ZONE}`,
  },
  {
    selector: "CallExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']:not(:has(ObjectExpression > Property[key.name='timeZone']))",
    message: `Intl.DateTimeFormat without a timeZone option ${HOST_ZONE}`,
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length>1]",
    message: `new Date(year, month, …) ${HOST_ZONE} Use new Date(Date.UTC(year, month, …)).`,
  },
  { selector: "CallExpression[callee.name='Date']", message: `Date() without new is the current time as local text: it ${HOST_ZONE}` },
];

/*
 * Import walls (issue 14 §4). Who may import whom, floor by floor:
 *   src/core, src/store           the domain and its files, free of vscode (the block further down)
 *   src/util, identity, workspace shared lower floors: import only the floors beside them
 *   src/commands                  the command kit: the floors below, never a feature
 *   src/panels                    what the planning panel and the dashboard share: the kit and the floors, never a feature
 *   src/team, daily, planning,    the features: the kit, the floors, panels, and another feature only through its index.ts
 *     dashboard, relationship
 *   webview/                      browser code: its own files, src/panels/protocol, src/core/shapes and src/core/safeText, never node:* or vscode
 *   src/cli                       the accord command line: src/core, src/store and its own files (and package.json
 *                                 for its version), never vscode; it is a Node program of its own (dist/cli.js)
 *   src/accord.ts                 anything: it puts the features together
 *   src/extension.ts              the entry VS Code activates: loads src/accord.ts (dist/accord.js) with require() after activation
 * test/unit/importWalls.test.ts shows each wall refusing a wrong-way import and letting the right ones through.
 *
 * ESLint's no-restricted-imports matches the import text, not the file it resolves to, so a relative path is read
 * against the folder the importing file sits in: atEveryDepth writes one block per depth below a folder, each knowing
 * how many `../` climb back to src/ (or to the repository root, for webview/). Dynamic import(), require() and
 * import('…') types would walk round the walls; NO_SIDE_DOORS refuses them in src and webview.
 */
const FEATURES = ['team', 'daily', 'planning', 'dashboard', 'relationship'];
const LOWER_FLOORS = ['core', 'store', 'util', 'identity', 'workspace'];
/**
 * Sub-folders this deep get an exact `../` count. Files deeper still read every whole run of `../` of at least that length
 * as climbing to the base: stricter (a sub-folder named like a floor could be refused), never looser.
 */
const EXACT_DEPTHS = 3;

/** A regex alternation of folder names: `(?:a|b|c)`. */
const anyOf = (/** @type {string[]} */ names) => `(?:${names.join('|')})`;
/** The import text of a folder among `names`, right after `up`: `../daily`, `../daily/share`, not `../dailyNotes`. */
const folderIn = (/** @type {string[]} */ names) => `${anyOf(names)}(?:/|$)`;

/**
 * Config blocks giving every file under `folder` the no-restricted-imports options `optionsFor(up)` returns, where
 * `up` is a regex source matching the `../` run that climbs from that file to the folder `climbs` levels above `folder`.
 * @param {string} folder a folder from the repository root, e.g. 'src/commands'
 * @param {number} climbs how many `../` take a file directly in `folder` to the base its sibling names are read from
 * @param {(up: string) => object} optionsFor
 */
function atEveryDepth(folder, climbs, optionsFor) {
  /** @type {import('eslint').Linter.Config[]} */
  const blocks = [];
  for (let depth = 0; depth <= EXACT_DEPTHS + 1; depth++) {
    const deeper = depth > EXACT_DEPTHS;
    const options = optionsFor(deeper ? `(?:\\.\\./){${climbs + depth},}(?!\\.\\./)` : `(?:\\.\\./){${climbs + depth}}`);
    blocks.push({
      files: [`${folder}/${'*/'.repeat(depth)}${deeper ? '**' : '*'}`],
      rules: { 'no-restricted-imports': ['error', { ...options, patterns: [NO_DETOUR, ...(options.patterns ?? [])] }] },
    });
  }
  return blocks;
}

/**
 * A path that goes into a folder and back out (`./../daily`, `../commands/../daily/share`) says
 * where it ends only after walking it, so the walls above cannot read it: write the plain path.
 */
const NO_DETOUR = {
  regex: '(?:^|/)(?!\\.\\.(?:/|$))[^/]+/\\.\\.(?:/|$)',
  message: 'Write the plain relative path: a path that goes into a folder and back out (./../x, ../a/../b) walks round the import walls in eslint.config.mjs.',
};

const KIT_TO_FEATURE =
  'Wall: the command kit (src/commands) never imports a feature; features import the kit. Move what the kit needs down into src/core, src/util, src/identity or src/workspace, or let the feature hand it over when it registers its commands.';
const KIT_TO_OTHER =
  'Wall: the command kit (src/commands) imports only src/core, src/store, src/util, src/identity and src/workspace. Move the shared piece down into one of those floors.';
const PANELS_TO_FEATURE =
  'Wall: src/panels is what the planning panel and the dashboard share, so it never imports a feature. Move the piece into src/panels (or a lower floor), or have the panel pass it in.';
const PANELS_TO_OTHER =
  'Wall: src/panels imports only the command kit (src/commands) and the lower floors (src/core, src/store, src/util, src/identity, src/workspace).';
const FLOOR_TO_ABOVE =
  'Wall: src/util, src/identity and src/workspace are lower floors: they import only src/core, src/store and each other, never the command kit, src/panels or a feature. Move the piece down, or have the caller pass it in.';
const featureToInner = (/** @type {string} */ other) =>
  `Wall: a feature reaches another feature only through that feature's index.ts. Import '../${other}' (or '../${other}/index'), and export what you need from src/${other}/index.ts.`;
const featureToOther = (/** @type {string} */ feature) =>
  `Wall: a feature (here src/${feature}) imports only the command kit (src/commands), src/panels, the lower floors (src/core, src/store, src/util, src/identity, src/workspace) and other features' index.ts. Only src/accord.ts puts the features together.`;
const WEBVIEW_TO_SRC =
  'Wall: webview/ is browser code. Outside its own folder it may import only src/panels/protocol and the import-free leaves src/core/shapes and src/core/safeText. Put what the browser needs into one of those, or into webview/.';
const WEBVIEW_TO_NODE = 'Wall: webview/ runs in the browser, where Node modules do not exist. Ask the extension host through src/panels/protocol.ts instead.';
const WEBVIEW_TO_VSCODE =
  "Wall: webview/ runs in the browser, where the 'vscode' module does not exist. Post a message (src/panels/protocol.ts) and let the extension host call VS Code.";
const CLI_TO_VSCODE =
  "Wall: src/cli is the accord command line, a Node program where the 'vscode' module does not exist. Put the shared piece in src/core or src/store.";
const CLI_TO_OTHER =
  'Wall: src/cli (the accord command line) imports only src/core, src/store, its own files and package.json: it runs without VS Code. Move what it needs from a feature down into src/core or src/store, where the extension uses it too.';
const SHAPES_IMPORT =
  'Wall: src/core/shapes.ts and src/core/safeText.ts are browser-safe leaves (the webview bundle imports them) and import nothing at all. Write the plain constant or pure function here, or put what needs an import elsewhere in src/core.';

/** Node's modules, with and without `node:`, exactly as an import names them (`fs`, `fs/promises`, `node:fs`). */
const NODE_MODULES = `^(?:node:.*|${builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:')).join('|')})$`;

/** Ways round the import walls that no-restricted-imports does not see; everything but src/extension.ts (which loads dist/accord.js after activation) imports statically. */
const NO_SIDE_DOORS = [
  { selector: 'ImportExpression', message: 'Import statically: a dynamic import() walks round the import walls in eslint.config.mjs.' },
  {
    selector: 'TSImportType',
    message: "Import the type statically (import type { … } from '…'): an import('…') type walks round the import walls in eslint.config.mjs.",
  },
  { selector: "CallExpression[callee.name='require']", message: 'Import statically: require() walks round the import walls in eslint.config.mjs.' },
  { selector: 'TSExternalModuleReference', message: 'Import statically: import x = require() walks round the import walls in eslint.config.mjs.' },
];

/** Every file watcher is made in src/workspace/dataFolderWatcher.ts, whose patterns are non-recursive (issue 20 §3). */
const ONE_WATCHER = {
  selector: "CallExpression[callee.property.name='createFileSystemWatcher']",
  message:
    'Watch through src/workspace/dataFolderWatcher.ts (DataFolderWatcher, watchDataFolderItself): a pattern with "/" or "**" inside the workspace falls back on the workspace\'s recursive watcher, which files.watcherExclude silences.',
};

/** @type {import('eslint').Linter.Config[]} */
const IMPORT_WALLS = [
  {
    files: ['src/**', 'webview/**'],
    ignores: ['src/extension.ts', 'src/core/**', 'src/store/**', 'src/cli/**'],
    rules: { 'no-restricted-syntax': ['error', NO_DATA_IN_INNER_HTML, ONE_WATCHER, ...NO_SIDE_DOORS] },
  },
  {
    // The command line prints dates too (the digest, issue 17): in the member's zone, as core does, never the host's.
    files: ['src/cli/**'],
    rules: { 'no-restricted-syntax': ['error', NO_DATA_IN_INNER_HTML, ...NO_HOST_ZONE_DATES, ...NO_SIDE_DOORS] },
  },
  ...atEveryDepth('src/cli', 1, (up) => ({
    paths: [{ name: 'vscode', message: CLI_TO_VSCODE }],
    patterns: [{ regex: `^${up}(?!${folderIn(['core', 'store', 'cli'])}|\\.\\./package\\.json$)`, message: CLI_TO_OTHER }],
  })),
  ...['src/util', 'src/identity', 'src/workspace'].flatMap((floor) =>
    atEveryDepth(floor, 1, (up) => ({ patterns: [{ regex: `^${up}(?!${folderIn(LOWER_FLOORS)})`, message: FLOOR_TO_ABOVE }] })),
  ),
  ...atEveryDepth('src/commands', 1, (up) => ({
    patterns: [
      { regex: `^${up}${folderIn(FEATURES)}`, message: KIT_TO_FEATURE },
      { regex: `^${up}(?!${folderIn([...LOWER_FLOORS, 'commands', ...FEATURES])})`, message: KIT_TO_OTHER },
    ],
  })),
  ...atEveryDepth('src/panels', 1, (up) => ({
    patterns: [
      { regex: `^${up}${folderIn(FEATURES)}`, message: PANELS_TO_FEATURE },
      { regex: `^${up}(?!${folderIn([...LOWER_FLOORS, 'commands', 'panels', ...FEATURES])})`, message: PANELS_TO_OTHER },
    ],
  })),
  ...FEATURES.flatMap((feature) =>
    atEveryDepth(`src/${feature}`, 1, (up) => ({
      patterns: [
        // `../daily`, `../daily/` and `../daily/index` are the way in; `../daily/share` is not.
        ...FEATURES.filter((other) => other !== feature).map((other) => ({ regex: `^${up}${other}/(?!(?:index)?$)`, message: featureToInner(other) })),
        { regex: `^${up}(?!${folderIn([...LOWER_FLOORS, 'commands', 'panels', ...FEATURES])})`, message: featureToOther(feature) },
      ],
    })),
  ),
  ...atEveryDepth('webview', 1, (up) => ({
    paths: [{ name: 'vscode', message: WEBVIEW_TO_VSCODE }],
    patterns: [
      { regex: `^${up}(?!src/(?:panels/protocol|core/shapes|core/safeText)$)`, message: WEBVIEW_TO_SRC },
      { regex: NODE_MODULES, message: WEBVIEW_TO_NODE },
    ],
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', NO_DATA_IN_INNER_HTML],
    },
  },
  {
    // The domain and the store stay free of VS Code so plain mocha can test them.
    files: ['src/core/**', 'src/store/**'],
    rules: {
      // A later block's no-restricted-syntax replaces the one above, so the innerHTML rule is repeated.
      'no-restricted-syntax': ['error', NO_DATA_IN_INNER_HTML, ...NO_HOST_ZONE_DATES, ...NO_SIDE_DOORS],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core and src/store must not depend on vscode.' }],
          patterns: [
            NO_DETOUR,
            {
              group: ['**/extension', '../*', '../*/**', '!../core/**', '!../store/**', '!../core', '!../store'],
              message: 'src/core and src/store import only each other.',
            },
          ],
        },
      ],
    },
  },
  {
    // The entry VS Code activates stays small: a value import would be bundled into it (and a second copy of
    // module state, such as the git spawn queue, made). It loads dist/accord.js with require() instead.
    files: ['src/extension.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!vscode$)',
              allowTypeImports: true,
              message: 'src/extension.ts imports only vscode (and types): Accord loads after activation, through require() of dist/accord.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // Replaces the rule above for this one file: it may import nothing, so the webview can take it as it is.
    files: ['src/core/shapes.ts', 'src/core/safeText.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^', message: SHAPES_IMPORT }] }] },
  },
  ...IMPORT_WALLS,
);
