// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Never put data into innerHTML: build DOM nodes and set textContent.' },
      ],
    },
  },
  {
    // The domain and the store stay free of VS Code so plain mocha can test them.
    files: ['src/core/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/store must not depend on vscode.' }], patterns: [{ group: ['**/extension', '../*/**', '!../core/**', '!../store/**', '!../core', '!../store'], message: 'src/core and src/store import only each other.' }] }],
    },
  },
);
