import { describe, expect, it } from "vitest";
import { formatCount } from "./format-count";

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1.0 K"],
    [1234, "1.2 K"],
    [133_665, "134 K"],
    [545_597, "546 K"],
    [999_400, "999 K"],
    [999_960, "1.0 M"],
    [1_234_567, "1.2 M"],
    [9_960_000, "10 M"],
    [124_000_000, "124 M"],
    [7_241_732_096, "7.2 B"],
    [405_000_000_000, "405 B"],
    [1.5e12, "1.5 T"],
  ])("%d → %s", (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});
