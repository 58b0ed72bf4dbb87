// Per-run latency of one (model, backend) for bench:playground: the playground page's worker, the bare
// page's main thread and (diagnostic) the bare page's minimal worker, the same feeds on each side, in
// rounds that rotate which side goes first so drift in the machine's load hits all of them alike.
import type { Page } from "@playwright/test";
import { bareRuns, bareWorkerRuns, workerRuns, type BarePage } from "./page";
import { maxAbsDiff, runsPerRound, summarize, type LatencyRow } from "./stats";
import type { BenchModel } from "./world";

export type LatencyOptions = {
  rounds: number;
  runs: number;
  warmup: number;
  warmupSeconds: number;
  maxSeconds: number;
};

type Args = {
  page: Page;
  bare: BarePage;
  key: string;
  model: BenchModel;
  backend: string;
  hasBareWorker: boolean;
  o: LatencyOptions;
};

export const compareLatency = async ({
  page,
  bare,
  key,
  model,
  backend,
  hasBareWorker,
  o,
}: Args): Promise<LatencyRow> => {
  const { feeds } = model;
  // Warm-up on every side, by count and by time: V8 tiers a hot WASM function up to optimised code in
  // the background, per thread, which on a busy machine takes seconds. The worker's warm-up times size the rounds.
  const warmUp = async (fn: (n: number) => Promise<number[]>) => {
    const until = performance.now() + o.warmupSeconds * 1000;
    const times: number[] = [];
    do times.push(...(await fn(o.warmup)));
    while (performance.now() < until);
    return times;
  };
  await page.bringToFront();
  const warm = await warmUp(async (k) => (await workerRuns(page, feeds, k)).round);
  await bare.page.bringToFront();
  await warmUp(async (k) => (await bareRuns(bare, key, feeds, k)).times);
  if (hasBareWorker) await warmUp((k) => bareWorkerRuns(bare, key, feeds, k));
  const n = runsPerRound(summarize(warm.slice(-o.warmup)).median, o);

  const round: number[] = [];
  const inner: number[] = [];
  const plain: number[] = [];
  const viaWorker: number[] = [];
  let firstWorker: number[] = [];
  let firstBare: number[] = [];
  const sides = [
    async () => {
      await page.bringToFront();
      const r = await workerRuns(page, feeds, n);
      round.push(...r.round);
      inner.push(...r.inner);
      firstWorker = r.first;
    },
    async () => {
      await bare.page.bringToFront();
      const r = await bareRuns(bare, key, feeds, n);
      plain.push(...r.times);
      firstBare = r.first;
    },
    ...(hasBareWorker ? [async () => void viaWorker.push(...(await bareWorkerRuns(bare, key, feeds, n)))] : []),
  ];
  for (let r = 0; r < o.rounds; r++) for (let i = 0; i < sides.length; i++) await sides[(r + i) % sides.length]!();
  return {
    model: model.slug,
    backend,
    worker: summarize(round),
    inWorker: summarize(inner),
    bare: summarize(plain),
    bareWorker: summarize(viaWorker),
    outputDiff: maxAbsDiff(firstWorker, firstBare),
  };
};
