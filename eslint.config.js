// One ESLint config for the whole monorepo (flat config). `pnpm lint` runs it from the root with
// --max-warnings 0, so a warning fails CI like an error. Formatting is Prettier's job: the last
// entry turns off every rule that would disagree with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.tsx'];
const JS = ['**/*.js', '**/*.mjs'];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/coverage/',
    '**/.turbo/',
    // Written by packages/schemas/scripts/generate.mjs and apps/web/scripts/compile-validators.mjs.
    '**/src/generated/',
    'bench/.work/',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,

  // TypeScript: type-aware rules. The Node packages and their tests are one program
  // (tsconfig.eslint.json); the web console and its browser tests keep their own compiler options.
  {
    files: TS,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.eslint.json', './apps/web/tsconfig.json', './apps/web/test/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Type-only imports say so (`import { type X }`), so that erasing them never changes what a
      // module loads. Files with decorators are left alone by the rule under emitDecoratorMetadata,
      // where Nest needs the constructor parameter types as values.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Off: the async methods it flags implement Promise-returning interfaces (stores, route
      // handlers, test doubles) without awaiting anything; `async` is what makes a throw there a
      // rejection, as the interface promises.
      '@typescript-eslint/require-await': 'off',
      // An abort reason or a caught error is passed on as it came, whatever its type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },

  // Tests read parsed JSON (answers, files, log lines) and reach into it, or into a store's
  // internals to break it on purpose: there the expectation is the check, and a wrong path fails the
  // test. `any` stays out of the shipped code, where these rules apply.
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/*.test-utils.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Import cycles between a package's modules (`.js` suffixes resolve to the `.ts` files). Another
  // workspace package resolves to its built types; turbo refuses a cycle between packages.
  {
    files: [...TS, ...JS],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files for their imports and sees no TypeScript cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.eslint.json', 'apps/web/tsconfig.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  // Plain JavaScript (scripts, bench, config files): Node ESM, not type-checked.
  {
    files: JS,
    languageOptions: { globals: globals.node, sourceType: 'module' },
    rules: {
      'no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // The web console: browser code with React hooks. The two rules of hooks only: the rest of the
  // plugin's recommended set checks what React Compiler needs to memoise on its own, and the
  // console is not compiled with it.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  prettier,
);
