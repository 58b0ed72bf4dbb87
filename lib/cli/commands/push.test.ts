import { describe, expect, it } from "vitest";
import { CliError } from "../errors";
import type { UploadApi, VersionFile, VersionView } from "../upload-api";
import { waitForVerdict } from "./push";

const file = (status: string, extra: Partial<VersionFile> = {}): VersionFile => ({
  id: "f1",
  path: "w.bin",
  size: 10,
  sha256: null,
  declaredSha256: null,
  status,
  failureReason: null,
  ...extra,
});
/** A portal whose version shows the given files, one answer per poll (the last one repeats). */
const polled = (answers: VersionFile[][]) => {
  let calls = 0;
  const getVersion = async (): Promise<VersionView> => ({
    version: {
      name: "v2",
      commitSha: "c".repeat(40),
      status: "DRAFT",
      files: answers[Math.min(calls++, answers.length - 1)] ?? [],
    },
  });
  return { api: { getVersion } as unknown as UploadApi, calls: () => calls };
};

describe("waitForVerdict", () => {
  it("polls while the file is VERIFYING and returns it once READY or FAILED", async () => {
    const ready = polled([[file("VERIFYING")], [file("VERIFYING")], [file("READY", { sha256: "ab" })]]);
    expect(await waitForVerdict(ready.api, "w.bin", 1)).toMatchObject({ status: "READY", sha256: "ab" });
    expect(ready.calls()).toBe(3);
    const failed = polled([
      [file("VERIFYING"), file("READY", { path: "other.bin" })],
      [file("FAILED", { failureReason: "sha256 mismatch" })],
    ]);
    expect(await waitForVerdict(failed.api, "w.bin", 1)).toMatchObject({
      status: "FAILED",
      failureReason: "sha256 mismatch",
    });
  });

  it("stops with exit 5 when the file left the version meanwhile", async () => {
    const gone = polled([[file("VERIFYING")], []]);
    const e = await waitForVerdict(gone.api, "w.bin", 1).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect([(e as CliError).exitCode, (e as CliError).message]).toEqual([
      5,
      "w.bin left the version while it was being verified (was the upload cancelled?).",
    ]);
  });
});
