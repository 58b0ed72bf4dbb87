// ESLint flat config: Next's rules (React, hooks, a11y, core web vitals), typescript-eslint, and the
// import rules that keep the layers apart (docs/ARCHITECTURE.md explains the layers).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

/** Import specifiers that reach a module, whether written with the `@/` alias or relatively. */
const anyPath = (modulePath) => {
  const last = modulePath.split("/").pop();
  // Relative specifiers from inside lib/ ("../domain/x", "../../storage") are caught by their last segment.
  return [
    `@/${modulePath}`,
    `@/${modulePath}/**`,
    `**/${modulePath}`,
    `**/${modulePath}/**`,
    `../**/${last}`,
    `../**/${last}/**`,
  ];
};

const prismaAndDb = {
  group: [...anyPath("lib/db"), ...anyPath("lib/sql"), ...anyPath("lib/generated"), "@prisma/*", "pg"],
  message: "Pages and routes reach the database only through lib/domain.",
};
const serverSide = {
  group: [
    ...anyPath("lib/domain"),
    ...anyPath("lib/db"),
    ...anyPath("lib/sql"),
    ...anyPath("lib/storage"),
    ...anyPath("lib/generated"),
  ],
  message: "Clients (the browser playground, the CLI) talk to the portal over HTTP, never to its server code.",
};
const aliasFree = {
  group: ["@/*", "@/**"],
  message: "The CLI runs from any directory, where the @/ alias does not resolve: import relatively.",
};
const appLayer = { group: ["@/app/**", "**/app/**"], message: "Nothing below app/ may import a route or page." };
const nextAndReact = {
  group: ["next", "next/*", "react", "react-dom", "react/*", "@mantine/*"],
  message: "Domain functions take plain arguments and throw AppError; they know nothing of Next or React.",
};

/** One rule per layer: later blocks override earlier ones for the same files, so each lists all it needs. */
const restrict = (files, ...patterns) => ({
  files,
  // Tests may reach past a layer to set up real state (a CLI test seeds the database it downloads from).
  ignores: ["**/*.test.ts"],
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

export default [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/generated/**",
      "public/**",
      "data/**",
      "test-results/**",
      "test-reports/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    settings: { next: { rootDir: "." } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The project's own files are ESM with .mjs/.ts entries run by node/tsx, not bundled.
      "import/no-anonymous-default-export": "off",
    },
  },
  {
    // Server components render once per request, on the server: the React Compiler's rules about
    // re-rendering (a clock read, a variable set in a callback) do not apply to them.
    files: ["app/**/page.tsx", "app/**/layout.tsx"],
    rules: { "react-hooks/purity": "off", "react-hooks/immutability": "off" },
  },
  {
    // Playwright's fixtures are not React hooks, whatever their names.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  restrict(["app/**"], prismaAndDb),
  restrict(["lib/domain/**"], appLayer, nextAndReact),
  restrict(["lib/playground/**"], serverSide, appLayer),
  // The CLI and what it imports from lib/ (lib/cli/bin.mjs runs them with tsx from the user's cwd).
  restrict(
    ["lib/cli/**", "lib/common/**", "lib/format.ts", "lib/schemas/upload-path.ts"],
    serverSide,
    appLayer,
    aliasFree,
  ),
  restrict(["workers/**"], appLayer),
];
