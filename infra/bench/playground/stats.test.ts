import { describe, expect, it } from "vitest";
import {
  againstStep,
  backendTable,
  latencyTable,
  maxAbsDiff,
  ratio,
  runsPerRound,
  summarize,
  verdict,
  type LatencyRow,
} from "./stats";

const row = (worker: number[], bare: number[], extra: Partial<LatencyRow> = {}): LatencyRow => ({
  model: "org/m",
  backend: "wasm",
  worker: summarize(worker),
  inWorker: summarize(worker),
  bare: summarize(bare),
  bareWorker: summarize([]),
  outputDiff: 0,
  ...extra,
});

describe("summarize", () => {
  it("gives median (middle pair averaged), mean, p95 (interpolated between ranks) and minimum whatever the order", () => {
    expect(summarize([4, 1, 3, 2])).toMatchObject({ n: 4, median: 2.5, mean: 2.5, min: 1 });
    expect(summarize([4, 1, 3, 2]).p95).toBeCloseTo(3.85, 9);
    expect(summarize([5, 1, 9])).toMatchObject({ n: 3, median: 5, min: 1 });
    expect(summarize([5, 1, 9]).p95).toBeCloseTo(8.6, 9);
    const many = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(many.p95).toBeCloseTo(95.05, 9);
    expect(many.median).toBe(50.5);
  });

  it("is NaN on no samples rather than a made-up zero", () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    expect(s.median).toBeNaN();
    expect(s.mean).toBeNaN();
  });
});

describe("ratio and verdict", () => {
  it("meets the goal at 1.1 and not above it; undefined ratios are n/a", () => {
    expect(verdict(ratio(1.1, 1))).toBe("met");
    expect(verdict(ratio(1.11, 1))).toBe("NOT met");
    expect(verdict(ratio(1, 0))).toBe("n/a");
    expect(verdict(ratio(NaN, 1))).toBe("n/a");
  });
});

describe("runsPerRound", () => {
  it("keeps the asked runs for fast models and cuts slow ones to the time budget, never below 3", () => {
    expect(runsPerRound(0.2, { runs: 30, maxSeconds: 8 })).toBe(30);
    expect(runsPerRound(1000, { runs: 30, maxSeconds: 8 })).toBe(8);
    expect(runsPerRound(20_000, { runs: 30, maxSeconds: 8 })).toBe(3);
    expect(runsPerRound(20_000, { runs: 2, maxSeconds: 8 })).toBe(2);
    expect(runsPerRound(NaN, { runs: 30, maxSeconds: 8 })).toBe(30);
  });
});

describe("maxAbsDiff", () => {
  it("compares up to the shorter list and is NaN when one is empty", () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5])).toBe(0.5);
    expect(maxAbsDiff([], [1])).toBeNaN();
  });
});

describe("tables", () => {
  it("puts ratio, overhead and verdict on each latency row", () => {
    const text = latencyTable([
      row([2, 2, 2], [1, 1, 1]),
      row([1.05], [1], { backend: "webgpu", outputDiff: 0.5, bareWorker: summarize([0.7]) }),
    ]);
    const [header, , slow, fine] = text.split("\n");
    expect(header).toMatch(/^model\s+backend\s+runs\s+worker p50/);
    expect(slow).toMatch(/3\/3\s+2\.00 \/ 2\.00.*—\s+2\.00x\s+2\.00x\s+1\.00 ms\s+NOT met\s+—\s+same$/);
    expect(fine).toMatch(/webgpu.*0\.70\s+1\.05x.*\smet\s+1\.50x\s+differ 5\.0e-1$/);
  });

  it("gives WebGPU/WASM per model, or the reason when WebGPU did not run", () => {
    const text = backendTable([
      { model: "a", wasm: row([2], [1]), webgpu: row([8], [4]) },
      { model: "b", wasm: row([2], [1]), why: "session-failed: op X" },
    ]);
    const lines = text.split("\n");
    expect(lines[2]).toMatch(/^a\s.*4\.00x\s+4\.00x\s*$/);
    expect(lines[3]).toMatch(/^b\s.*—\s+—\s+session-failed: op X$/);
  });

  it("states a time with its multiple of one step", () => {
    expect(againstStep(250, 0.5)).toBe("250 ms (500.00x)");
    expect(againstStep(NaN, 0.5)).toBe("—");
    expect(againstStep(12, NaN)).toBe("12.0 ms (—)");
  });
});
