import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["ui/vendor/**", "node_modules/**", "target/**", "gen/**"] },
  js.configs.recommended,
  {
    files: ["ui/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: "error",
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Write data with textContent or <template>, never innerHTML." },
        { property: "outerHTML", message: "Write data with textContent or <template>." },
      ],
      "no-eval": "error",
      "prefer-const": "error",
    },
  },
  {
    files: ["tests/**/*.mjs", ".ci/**/*.mjs", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
    rules: { eqeqeq: "error", "prefer-const": "error" },
  },
];
