import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { logFormat } from "./logger";

const root = path.resolve(import.meta.dirname, "..");

describe("log format", () => {
  it("is readable on a terminal and JSON anywhere else, unless LOG_FORMAT says", () => {
    expect(logFormat({}, true)).toBe("pretty");
    expect(logFormat({}, false)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "pretty" }, false)).toBe("pretty");
  });

  it("writes one JSON object per line into a pipe, and a readable line when asked", () => {
    const script = `import { logger } from "./lib/logger.ts"; logger.info({ job: "verify-file" }, "job done");`;
    // The child's stdout is a pipe here; LOG_FORMAT from the environment running the tests is left out.
    const { LOG_FORMAT: _unset, ...inherited } = process.env;
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: root,
        env: { ...inherited, LOG_LEVEL: "info", ...env },
        encoding: "utf8",
      }).trim();
    const json = JSON.parse(run({})) as Record<string, unknown>;
    expect(json).toMatchObject({ level: 30, job: "verify-file", msg: "job done" });
    const pretty = run({ LOG_FORMAT: "pretty", NO_COLOR: "1" });
    expect(pretty).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: job done \{.*"job":"verify-file"/);
  });
});
