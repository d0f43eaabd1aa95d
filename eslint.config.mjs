// ESLint for the browser code in docs/assets/ and the build's Node script.
// `npx eslint` (run by the tests) must report nothing.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    // The calculator's modules: the page's, the workers' and the snapshot format (shared with Node).
    files: ["docs/assets/calculator/*.js"],
    ignores: ["docs/assets/calculator/search-later.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.worker },
    },
  },
  {
    // Classic scripts, loaded before or beside the theme's.
    files: ["docs/assets/calculator/search-later.js", "docs/assets/javascripts/*.js", "docs/assets/presenter/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: globals.browser },
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
