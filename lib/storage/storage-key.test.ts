import { describe, expect, it } from "vitest";
import { buildStorageKey } from "./storage-key";

const commitSha = "0123456789abcdef0123456789abcdef01234567";
const key = (path: string, modelId = "model1") => buildStorageKey({ modelId, commitSha, path });
const prefix = `models/model1/${commitSha}/`;

describe("buildStorageKey", () => {
  it("places the file under models/{modelId}/{commitSha}/", () => {
    expect(key("weights/model.safetensors")).toBe(`${prefix}weights/model.safetensors`);
  });

  it.each([
    ["../x", "x"],
    ["../../../etc/passwd", "etc/passwd"],
    ["a/../../b", "a/b"],
    ["./a/./b", "a/b"],
    ["/abs/path", "abs/path"],
    ["a//b///c/", "a/b/c"],
    ["..", null],
    ["../..", null],
    ["", null],
    ["/", null],
    ["./.", null],
  ])("drops traversal and empty segments: %j", (path, rest) => {
    if (rest === null) expect(() => key(path)).toThrow("empty file path");
    else expect(key(path)).toBe(`${prefix}${rest}`);
  });

  it("never produces a key outside its version's prefix", () => {
    for (const path of ["../other-commit/x", "../../other-model/c/x", "x/../../../../y", "....//x", "..../x"]) {
      const k = key(path);
      expect(k.startsWith(prefix)).toBe(true);
      expect(k.slice(prefix.length).split("/")).not.toContain("..");
    }
  });

  it("keeps names that merely contain dots", () => {
    expect(key("...")).toBe(`${prefix}...`);
    expect(key("model..bin")).toBe(`${prefix}model..bin`);
    expect(key(".hidden/.config")).toBe(`${prefix}.hidden/.config`);
  });

  it.each([
    ["too short", "abc123"],
    ["too long", `${commitSha}0`],
    ["upper case", commitSha.toUpperCase()],
    ["not hex", "g".repeat(40)],
    ["with a slash", `${commitSha.slice(0, 39)}/`],
    ["traversal", `../${commitSha.slice(3)}`],
    ["empty", ""],
  ])("refuses a commitSha that is %s", (_, sha) => {
    expect(() => buildStorageKey({ modelId: "m", commitSha: sha, path: "x" })).toThrow(
      "commitSha must be 40 hex characters",
    );
  });
});
