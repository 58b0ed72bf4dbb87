// The layering rules of eslint.config.mjs, shown to bite: each import below is linted as if it stood
// in a file of that layer, through the project's own ESLint configuration.
import { ESLint } from "eslint";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages for one import line placed in `file`. */
const boundaryErrors = async (file: string, specifier: string) => {
  const code = `import * as m from "${specifier}";\nexport const used = m;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
};

describe("layer boundaries", () => {
  it.each([
    ["app/(admin)/admin/x/page.tsx", "@/lib/db", "through lib/domain"],
    ["app/api/v1/x/route.ts", "@/lib/sql", "through lib/domain"],
    ["app/api/v1/x/route.ts", "@prisma/client", "through lib/domain"],
    ["lib/domain/access/x.ts", "next/headers", "know nothing of Next"],
    ["lib/domain/access/x.ts", "react", "know nothing of Next"],
    ["lib/domain/access/x.ts", "@/app/_components/links", "import a route"],
    ["lib/cli/commands/x.ts", "../../domain/access/get-access-state", "over HTTP"],
    ["lib/cli/x.ts", "../storage/presign-get", "over HTTP"],
    ["lib/cli/x.ts", "@/lib/common/glob", "alias does not resolve"],
    ["lib/format.ts", "@/lib/common/plural", "alias does not resolve"],
    ["lib/playground/x.ts", "@/lib/db", "over HTTP"],
    ["lib/playground/x.ts", "@/lib/domain/playground/start-playground-session", "over HTTP"],
    ["workers/handlers/x.ts", "@/app/api/health/route", "import a route"],
  ])("%s may not import %s", async (file, specifier, reason) => {
    const errors = await boundaryErrors(file, specifier);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(reason);
  });

  it.each([
    ["app/(admin)/admin/x/page.tsx", "@/lib/domain/models/get-model"],
    ["app/api/v1/x/route.ts", "@/lib/http/api-route"],
    ["lib/domain/access/x.ts", "@/lib/db"],
    ["lib/cli/x.ts", "../common/gate-code-list"],
    ["lib/playground/x.ts", "@/lib/schemas/playground"],
    ["workers/handlers/x.ts", "@/lib/domain/files/verify-file"],
  ])("%s may import %s", async (file, specifier) => {
    expect(await boundaryErrors(file, specifier)).toEqual([]);
  });
});
