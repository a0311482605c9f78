// @ts-check
import tseslint from 'typescript-eslint';

const NO_DATA_IN_INNER_HTML = { selector: "MemberExpression[property.name='innerHTML']", message: 'Never put data into innerHTML: build DOM nodes and set textContent.' };

const HOST_ZONE = "computes in the machine's own time zone; src/core computes every instant, day and week in the member's zone (issue 12 §1). Use the UTC methods on day numbers, or instantInZone/dayIn/LocalDays from dates.ts and localDays.ts.";
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
  { selector: "NewExpression[callee.name='Date'][arguments.length>1]", message: `new Date(year, month, …) ${HOST_ZONE} Use new Date(Date.UTC(year, month, …)).` },
  { selector: "CallExpression[callee.name='Date']", message: `Date() without new is the current time as local text: it ${HOST_ZONE}` },
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
      'no-restricted-syntax': ['error', NO_DATA_IN_INNER_HTML, ...NO_HOST_ZONE_DATES],
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/store must not depend on vscode.' }], patterns: [{ group: ['**/extension', '../*/**', '!../core/**', '!../store/**', '!../core', '!../store'], message: 'src/core and src/store import only each other.' }] }],
    },
  },
);
