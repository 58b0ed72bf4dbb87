import { execFile } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// lib/env validates at import time and stops the process; so each case imports it in a fresh
// `node` with exactly the environment given (plus PATH), never the test stack's.
const envModule = pathToFileURL(path.join(import.meta.dirname, "env.ts")).href;
const importEnv = (vars: Record<string, string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `await import(${JSON.stringify(envModule)})`,
      ],
      {
        cwd: path.join(import.meta.dirname, ".."),
        env: { PATH: process.env.PATH ?? "", ...vars } as Record<string, string> as unknown as NodeJS.ProcessEnv,
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });

const valid = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
  S3_BUCKET: "weights",
  SMTP_URL: "smtp://127.0.0.1:2525",
  NEXTAUTH_URL: "http://localhost:3000",
  NEXTAUTH_SECRET: "x".repeat(32),
};
/** The lines of the `Invalid configuration:` message (the first console.error), without the stack. */
const problems = (output: string) =>
  output
    .split("\n")
    .filter((l) => l.startsWith("  - "))
    .filter((l, i, all) => all.indexOf(l) === i);

describe("lib/env", () => {
  it("with an empty environment, fails listing every missing variable at once", async () => {
    const { code, output } = await importEnv({});
    expect(code).not.toBe(0);
    expect(output).toContain("Invalid configuration:");
    const listed = problems(output).map((l) => l.slice(4).split(":")[0]);
    expect(listed.sort()).toEqual(["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "S3_BUCKET", "SMTP_URL"]);
    expect(output).toContain("See the configuration table in README.md.");
  });

  it("with a full valid environment, loads (exit 0, no output)", async () => {
    expect(await importEnv(valid)).toEqual({ code: 0, output: "" });
  });

  it("names both halves of a half-configured OAuth provider", async () => {
    const { code, output } = await importEnv({ ...valid, GITHUB_ID: "gh-id" });
    expect(code).not.toBe(0);
    expect(problems(output)).toEqual(["  - GITHUB_ID and GITHUB_SECRET must be set together"]);
    expect((await importEnv({ ...valid, GOOGLE_SECRET: "s" })).output).toContain(
      "GOOGLE_ID and GOOGLE_SECRET must be set together",
    );
  });

  it("requires OIDC_ISSUER with OIDC_CLIENT_ID", async () => {
    const { code, output } = await importEnv({ ...valid, OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "secret" });
    expect(code).not.toBe(0);
    expect(problems(output)).toEqual(["  - OIDC_ISSUER: required with OIDC_CLIENT_ID"]);
    expect(
      (
        await importEnv({
          ...valid,
          OIDC_CLIENT_ID: "id",
          OIDC_CLIENT_SECRET: "secret",
          OIDC_ISSUER: "https://idp.example.test",
        })
      ).code,
    ).toBe(0);
  });

  it("names each invalid value with the reason", async () => {
    const { code, output } = await importEnv({
      ...valid,
      DATABASE_URL: "mysql://u:p@127.0.0.1/db",
      SMTP_URL: "http://mail",
      NEXTAUTH_SECRET: "short",
      DOWNLOAD_URL_TTL_SECONDS: "5",
    });
    expect(code).not.toBe(0);
    const lines = problems(output);
    expect(lines.map((l) => l.slice(4).split(":")[0]).sort()).toEqual([
      "DATABASE_URL",
      "DOWNLOAD_URL_TTL_SECONDS",
      "NEXTAUTH_SECRET",
      "SMTP_URL",
    ]);
    expect(lines).toContain("  - NEXTAUTH_SECRET: must be at least 32 characters");
  });

  it("treats empty strings as unset", async () => {
    const { code, output } = await importEnv({ ...valid, S3_BUCKET: "", GITHUB_ID: "" });
    expect(code).not.toBe(0);
    expect(problems(output).map((l) => l.slice(4).split(":")[0])).toEqual(["S3_BUCKET"]);
  });

  // KNOWN GAP (reported): the pair checks run only after the schema passed, so a missing variable
  // hides a half-configured provider, contrary to "one message that lists every problem".
  it("lists schema problems and pair problems in the same message", async () => {
    const { DATABASE_URL: _, ...rest } = valid;
    const lines = problems((await importEnv({ ...rest, GITHUB_ID: "gh-id" })).output);
    expect(lines.some((l) => l.includes("DATABASE_URL"))).toBe(true);
    expect(lines.some((l) => l.includes("GITHUB_SECRET"))).toBe(true);
  });
});
