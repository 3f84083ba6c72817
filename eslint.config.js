// ESLint, configured once (issue 13 · 6). Prettier owns formatting (`npm run format`); ESLint checks code and the
// layers of the house (issue 13 · 1, docs: /work/shared/STYLE.md "The house"):
//   queries  app/features/**/queries.server.ts, *-queries.server.ts — the only app files that build SQL or import
//            a value from kysely or db/*; db.server.ts opens the database.
//   commands/page data  app/features/** — may import getDb, transaction and the DB type from ~/db.server.
//   routes, components, domain, auth, i18n, root — no database at all; components and domain no server module.
import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const CONTRACT = "the layers are routes → feature commands/page functions → feature queries → database (issue 13)";

/** Where the database may be reached: the queries modules, the database module, the database folder, the tests. */
export const DATA_LAYER = ["app/**/queries.server.ts", "app/**/*-queries.server.ts", "app/db.server.ts", "db/**", "tests/**"];
/** Files that must not touch the database in any way (not even its types). */
export const NO_DATABASE = ["app/routes/**", "app/components/**", "app/domain/**", "app/auth/**", "app/i18n/**", "app/root.tsx"];
/** Files that must not import any server module (they run in the browser, or are pure). */
export const NO_SERVER = ["app/components/**", "app/domain/**"];

const QUERY_BUILDER = ["selectFrom", "insertInto", "updateTable", "deleteFrom", "replaceInto", "selectNoFrom"];

// One list of restrictions per layer, each including the ones above it: for one rule, the last matching config
// object wins in a flat config, so the narrower layers repeat the wider ones.
const kyselyValues = {
  paths: [{ name: "kysely", allowTypeImports: true, message: `Only queries modules import values from kysely; ${CONTRACT}.` }],
  patterns: [
    {
      group: ["**/db/*", "**/db/**/*"],
      allowTypeImports: true,
      message: `Only queries modules (and db/, tests/) import values from db/* (connect, prepared, group-commit, like, schema); ${CONTRACT}.`,
    },
  ],
};
// The schema's words (Category, RoleName, ProposalState: the enum-like unions the CHECK constraints hold) are the
// vocabulary of every layer; a type import of them (erased at build) reaches no database.
const schemaWords = {
  group: ["**/db/schema", "**/db/schema/*"],
  allowTypeImports: true,
  message: `Routes, components, domain, auth and i18n import only types (the enum-like words) from db/schema; ${CONTRACT}.`,
};
const noDatabase = {
  paths: [{ name: "kysely", message: `Routes, components, domain, auth and i18n do not touch the database; ${CONTRACT}.` }],
  patterns: [
    {
      group: ["**/db/*", "**/db/**/*", "!**/db/schema", "!**/db/schema/*", "**/db.server"],
      message: `Routes, components, domain, auth and i18n do not touch the database: call a feature's command or page function; ${CONTRACT}.`,
    },
    schemaWords,
    { group: ["**/*queries.server", "**/*queries.server.ts"], message: `Only a feature's commands and page functions call its queries; ${CONTRACT}.` },
  ],
};
const noServer = {
  paths: noDatabase.paths,
  patterns: [
    ...noDatabase.patterns,
    {
      group: ["**/*.server", "**/*.server.ts", "**/*.server.tsx"],
      message: `Components and the domain import no server module (not even a type); ${CONTRACT}.`,
    },
  ],
};
const queryBuilderCalls = QUERY_BUILDER.map((name) => ({
  selector: `CallExpression[callee.type='MemberExpression'][callee.property.name='${name}']`,
  message: `${name}() belongs in a queries module (app/features/<feature>/queries.server.ts); ${CONTRACT}.`,
}));

export default tseslint.config(
  {
    ignores: ["build/", "public/build/", "node_modules/", ".cache/", "data/", "tmp/", "tests/.artifacts/", "coverage/", "docs/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    ...react.configs.flat.recommended,
  },
  {
    files: ["**/*.{ts,tsx}"],
    ...react.configs.flat["jsx-runtime"],
  },
  { files: ["**/*.{ts,tsx}"], ...reactHooks.configs["recommended-latest"] },
  { files: ["**/*.{ts,tsx}"], ...jsxA11y.flatConfigs.recommended },
  {
    plugins: { "import-x": importX },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    settings: {
      react: { version: "18.3" },
      "import-x/internal-regex": "^~/",
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Formatting is Prettier's: the one formatting rule these recommended sets turn on (what
      // eslint-config-prettier would turn off) is off here.
      "no-unexpected-multiline": "off",
      "import-x/order": [
        "error",
        // Node's modules, then packages, then the app's own (~/ and relative, in the order that reads best);
        // what the code did before the rule, so the rule costs no churn.
        { groups: ["builtin", "external", ["internal", "parent", "sibling", "index"]], "newlines-between": "ignore" },
      ],
      "import-x/no-duplicates": "error",
      // `_`-prefixed names are deliberately unused (a loader's unused `request`, a tuple's skipped element).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // The types say what a prop is; React's runtime prop-types would repeat them.
      "react/prop-types": "off",
    },
  },
  // The layers.
  {
    files: ["app/**/*.{ts,tsx,mjs}"],
    ignores: DATA_LAYER,
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", kyselyValues],
      "no-restricted-syntax": ["error", ...queryBuilderCalls],
    },
  },
  {
    files: NO_DATABASE,
    rules: { "@typescript-eslint/no-restricted-imports": ["error", noDatabase] },
  },
  {
    // What a route module runs at its top level stays in the phone's bundle: a zod schema built there ships zod
    // (~14 KB gzipped) to every page. Schemas are written as `() => z.object(…)` and built where they are used.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...queryBuilderCalls,
        {
          selector: "Program > VariableDeclaration > VariableDeclarator[init.type=/^(CallExpression|MemberExpression)$/]",
          message: "No call at a route's top level (it stays in the browser bundle): write a schema as () => z.object(…).",
        },
        {
          selector: "Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.type=/^(CallExpression|MemberExpression)$/]",
          message: "No call at a route's top level (it stays in the browser bundle): write a schema as () => z.object(…).",
        },
      ],
    },
  },
  {
    files: NO_SERVER,
    rules: { "@typescript-eslint/no-restricted-imports": ["error", noServer] },
  },
  {
    files: ["db/**/*.ts"],
    ignores: ["db/tools/**"],
    rules: {
      // The database folder stands alone: the runtime imports nothing from app/ (migrations least of all).
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/*", "**/app/**"], message: "db/ (schema, connection, migrations, fast paths) imports nothing from app/." }] },
      ],
    },
  },
  {
    // A migration sees the schema as it was when it was written, not today's Database: Kysely<any> is Kysely's idiom.
    files: ["db/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
