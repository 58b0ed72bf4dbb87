import { describe, expect, it } from "vitest";
import { goalLine } from "./goal-line";

describe("goalLine", () => {
  it("prints the value with its unit, the target, and whether the goal holds", () => {
    expect(goalLine("wasm-run-vs-ort-worker", 1.04, "<=", 1.1)).toBe(
      "goal wasm-run-vs-ort-worker: 1.04x (target <= 1.1) met",
    );
    expect(goalLine("playground-ready-cached", 1.234, "<=", 1, "s")).toBe(
      "goal playground-ready-cached: 1.23 s (target <= 1) NOT met",
    );
    expect(goalLine("issuance-vs-floor resolve", 0.7, ">=", 0.7)).toMatch(/ met$/);
    expect(goalLine("x", 0.69, ">=", 0.7)).toMatch(/ NOT met$/);
  });

  it("a figure that could not be measured is n/a and not met", () => {
    expect(goalLine("webgpu-run-vs-bare", NaN, "<=", 1.1)).toBe("goal webgpu-run-vs-bare: n/a (target <= 1.1) NOT met");
  });
});
