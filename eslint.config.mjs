// ESLint for the browser code in docs/assets/ and the build's Node script.
// `npx eslint` (run by the tests) must report nothing.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    // The calculator's modules: the page's, the workers' and the snapshot format (shared with Node).
    files: ["docs/assets/calculator/*.js"],
    ignores: ["docs/assets/calculator/theme-later.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.worker },
    },
  },
  {
    // Classic scripts, loaded before or beside the theme's.
    files: ["docs/assets/calculator/theme-later.js", "docs/assets/javascripts/*.js", "docs/assets/presenter/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: globals.browser },
  },
  {
    // Every worker is started by the page (runtime-client.js), never by
    // another worker: a worker started by a worker now and then never
    // started in Firefox, and the one that started it hung with it.
    files: ["docs/assets/calculator/*.js"],
    ignores: ["docs/assets/calculator/runtime-client.js"],
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "NewExpression[callee.name='Worker'], NewExpression[callee.property.name='Worker']",
        message: "Start workers in runtime-client.js (the page), not in a worker.",
      }],
    },
  },
  {
    files: ["build/*.mjs", "tests/support/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
  {
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
    },
  },
];
