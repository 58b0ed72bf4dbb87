// Figures and tables of bench:playground. Pure, so a unit test covers them.
import { fmtMs, fmtRatio, formatTable } from "../measure";
import type { Summary } from "../stats";

export { summarize, type Summary } from "../stats";

/** The playground worker's goal: per-run latency at most 1.1 times the bare page's. */
export const GOAL = 1.1;

export const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
export const verdict = (r: number) => (Number.isNaN(r) ? "n/a" : r <= GOAL ? "met" : "NOT met");
const ms = (v: number) => (Number.isFinite(v) ? fmtMs(v) : "—");
const x = (r: number) => (Number.isFinite(r) ? fmtRatio(r) : "—");

/** Largest absolute difference of two value lists (compared up to the shorter one); NaN when either is empty. */
export const maxAbsDiff = (a: number[], b: number[]) => {
  const n = Math.min(a.length, b.length);
  if (!n) return NaN;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

/** One (model, backend) latency comparison: page-measured round trips, in-worker run times, the bare page's runs. */
export type LatencyRow = {
  model: string;
  backend: string;
  worker: Summary;
  inWorker: Summary;
  bare: Summary;
  /** Diagnostic: the same feeds through a minimal worker in the bare page (NaN figures when it could not run). */
  bareWorker: Summary;
  outputDiff: number;
  note?: string;
};

/** Runs per side and round: `runs`, fewer when one run takes long, so a side's round stays near `maxSeconds` (at least 3). */
export const runsPerRound = (estimateMs: number, { runs, maxSeconds }: { runs: number; maxSeconds: number }) =>
  Number.isFinite(estimateMs) && estimateMs > 0
    ? Math.max(Math.min(3, runs), Math.min(runs, Math.floor((maxSeconds * 1000) / estimateMs)))
    : runs;

const pair = (s: Summary) => `${ms(s.median)} / ${ms(s.mean)}`;

export const latencyTable = (rows: LatencyRow[]) =>
  formatTable(
    [
      "model",
      "backend",
      "runs",
      "worker p50 / mean",
      "in-worker p50",
      "bare p50 / mean",
      "bare worker p50",
      "p50 ratio",
      "mean ratio",
      "overhead",
      "≤ 1.1",
      "vs bare worker",
      "outputs",
    ],
    rows.map((r) => {
      const p50 = ratio(r.worker.median, r.bare.median);
      const agree = Number.isNaN(r.outputDiff)
        ? "—"
        : r.outputDiff < 1e-3
          ? "same"
          : `differ ${r.outputDiff.toExponential(1)}`;
      return [
        r.model,
        r.backend,
        `${r.worker.n}/${r.bare.n}`,
        pair(r.worker),
        ms(r.inWorker.median),
        pair(r.bare),
        ms(r.bareWorker.median),
        x(p50),
        x(ratio(r.worker.mean, r.bare.mean)),
        `${ms(r.worker.median - r.bare.median)} ms`,
        verdict(p50),
        x(ratio(r.worker.median, r.bareWorker.median)),
        r.note ?? agree,
      ];
    }),
  );

/** WebGPU against WASM per model (worker and bare medians), or why a model did not run on WebGPU. */
export const backendTable = (rows: { model: string; wasm?: LatencyRow; webgpu?: LatencyRow; why?: string }[]) =>
  formatTable(
    ["model", "WASM worker p50", "WebGPU worker p50", "WebGPU/WASM worker", "WebGPU/WASM bare", "note"],
    rows.map((r) => [
      r.model,
      ms(r.wasm?.worker.median ?? NaN),
      ms(r.webgpu?.worker.median ?? NaN),
      x(ratio(r.webgpu?.worker.median ?? NaN, r.wasm?.worker.median ?? NaN)),
      x(ratio(r.webgpu?.bare.median ?? NaN, r.wasm?.bare.median ?? NaN)),
      r.why ?? "",
    ]),
  );

/** A time with the in-run baseline: "812 ms (4060x one step)". */
export const againstStep = (value: number, step: number) =>
  Number.isFinite(value) ? `${ms(value)} ms (${x(ratio(value, step))})` : "—";
