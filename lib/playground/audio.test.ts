import { describe, expect, it } from "vitest";
import { mixDown, waveformPeaks } from "./audio";

describe("mixDown", () => {
  it("averages the channels and leaves mono as it is", () => {
    const mono = Float32Array.of(0.5, -0.5);
    expect(mixDown([mono])).toBe(mono);
    expect([...mixDown([Float32Array.of(1, 0, -1), Float32Array.of(0, 0.5, -1)])]).toEqual([0.5, 0.25, -1]);
  });
});

describe("waveformPeaks", () => {
  it("gives each bucket its lowest and highest sample, 0 included (silence draws flat)", () => {
    const samples = Float32Array.of(0.1, -0.2, 0.3, 0, 0, 0, -0.9, 0.4);
    expect(waveformPeaks(samples, 4).map(({ min, max }) => [Number(min.toFixed(2)), Number(max.toFixed(2))])).toEqual([
      [-0.2, 0.1],
      [0, 0.3],
      [0, 0],
      [-0.9, 0.4],
    ]);
  });

  it("never makes more buckets than samples, and covers every sample when they do not divide evenly", () => {
    expect(waveformPeaks(Float32Array.of(0.5, -0.5), 100)).toEqual([
      { min: 0, max: 0.5 },
      { min: -0.5, max: 0 },
    ]);
    const peaks = waveformPeaks(
      Float32Array.from({ length: 10 }, (_, i) => (i === 9 ? 1 : 0)),
      3,
    );
    expect(peaks).toHaveLength(3);
    expect(peaks.at(-1)).toEqual({ min: 0, max: 1 });
  });
});
