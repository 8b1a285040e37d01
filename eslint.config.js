import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  // The review page's client: plain scripts sharing one scope (see src/review/page.ts), so a function
  // declared in one file and used in another is not unused.
  { files: ["src/review/client/**"], languageOptions: { sourceType: "script" }, rules: { "@typescript-eslint/no-unused-vars": ["error", { vars: "local", argsIgnorePattern: "^_" }] } },
  { files: ["src/report/**", "src/cli.ts", "src/demo.ts", "bench/**", "test/**"], rules: { "no-console": "off" } },
);
