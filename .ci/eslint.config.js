// ESLint flat config (kept in .ci/: the repository's top level holds only the project files).
// Run from the repository root: `eslint --config .ci/eslint.config.js .`
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.netlify/**', '.astro/**', '.data/**', 'node_modules/**', 'test-results/**', 'src/server/database.types.ts', '**/*.astro'] },
  ...tseslint.configs.strict,
  {
    rules: {
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read rows they have just written: a failed assertion is the better error.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
