// ESLint (flat config): typescript-eslint's recommended rules with type information, plus the rules that catch
// this project's real bugs: promises nobody awaits or catches (an upload error lost, a command that "finishes"
// before its work), promises passed where a callback's result is ignored, and unused code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Messages stay one literal each: greppable, and extractable for translation (l10n keys are whole strings).
const maxLength = ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', '.vscode-test/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Async functions that do not await implement promise-returning interfaces (token stores, fakes).
      '@typescript-eslint/require-await': 'off',
      // The rules look for control characters on purpose.
      'no-control-regex': 'off',
      // The protocol's messages follow vscode-languageserver-protocol's namespace-per-message shape.
      '@typescript-eslint/no-namespace': 'off',
      'max-len': maxLength,
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'max-len': maxLength },
  },
);
