import { describe, expect, it } from "vitest";
import { fastTanh } from "./fast-tanh";

describe("fastTanh", () => {
  it("stays within 3e-7 of Math.tanh, including the clamped tails", () => {
    let maxError = 0;
    for (let i = -300_000; i <= 300_000; i++) {
      const x = i / 10_000;
      maxError = Math.max(maxError, Math.abs(fastTanh(x) - Math.tanh(x)));
    }
    expect(maxError).toBeLessThan(3e-7);
  });

  it("is odd and exact at zero", () => {
    expect(fastTanh(0)).toBe(0);
    for (const x of [0.1, 0.5, 1, 2.5, 7, 50]) expect(fastTanh(-x)).toBe(-fastTanh(x));
  });
});
