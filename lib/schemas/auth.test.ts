import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./auth";

describe("safeCallbackPath", () => {
  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u0000",
    "javascript:alert(1)",
    "evil.example",
    "",
    undefined,
  ])("refuses %j (falls back to /)", (v) => expect(safeCallbackPath(v)).toBe("/"));

  it("keeps a same-origin path with its query and hash", () => {
    expect(safeCallbackPath("/models/a/b/request?from=x#top")).toBe("/models/a/b/request?from=x#top");
    expect(safeCallbackPath(["/account", "//evil"])).toBe("/account");
    expect(safeCallbackPath("/a/../b")).toBe("/b");
  });
});
