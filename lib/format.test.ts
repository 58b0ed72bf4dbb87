import { describe, expect, it } from "vitest";
import { countOf, formatBytes } from "./format";

describe("countOf", () => {
  it("is singular for exactly one and plural otherwise, with thousands separated", () => {
    expect(countOf(1, "tensor")).toBe("1 tensor");
    expect([0, 2, 1200].map((n) => countOf(n, "part"))).toEqual(["0 parts", "2 parts", "1,200 parts"]);
    expect(countOf(1, "e-mail")).toBe("1 e-mail");
    expect(countOf(3, "entry", "entries")).toBe("3 entries");
  });
});

describe("formatBytes", () => {
  it("uses powers of 1024 with one decimal under 10", () => {
    expect([512, 1536, 20 * 1024 * 1024, 1024 ** 3].map(formatBytes)).toEqual(["512 B", "1.5 KB", "20 MB", "1.0 GB"]);
  });
});
