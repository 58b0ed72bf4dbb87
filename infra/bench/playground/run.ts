// One (model, backend) of bench:playground: first visit (click on "Load model" → ready), Generate
// clicks for the text model (click → first character), per-run latency of the page's worker against
// the bare page (latency.ts), then the second visit (from the Cache API).
import { mkdtempSync } from "node:fs";
import path from "node:path";
import type { Browser, LaunchOptions } from "@playwright/test";
import type { Backend } from "@/lib/playground/worker-protocol";
import { compareLatency, type LatencyOptions } from "./latency";
import {
  bareLoad,
  bareLoadWorker,
  openBare,
  openPlayground,
  timedGenerate,
  timedLoad,
  type BareLoad,
  type BarePage,
  type LoadResult,
} from "./page";
import type { LatencyRow } from "./stats";
import type { BenchModel } from "./world";

export type RunOptions = LatencyOptions & { tokens: number; clicks: number };
export type Generation = { firstMs: number; doneMs: number; chars: number };

export type ModelResult = {
  model: string;
  backend: Backend;
  first: LoadResult;
  second?: LoadResult;
  /** Set when the page did not run the model on the backend asked for (the worker's reason). */
  fellBack?: string;
  /** A fresh bare page's load (WASM in ORT's own proxy worker, WebGPU on its main thread). */
  bare?: BareLoad;
  latency?: LatencyRow;
  generations: Generation[];
};

type Ctx = {
  browser: Browser;
  /** The playground's visits run in a browser of their own on a fresh on-disk profile (page.ts). */
  launchOptions: LaunchOptions;
  profileRoot: string;
  appUrl: string;
  sessionToken: string;
  bareServerUrl: string;
  bareUrl: (m: BenchModel) => string;
  log: (l: string) => void;
};

const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;

/** Where a visit's wait went (page.ts' LoadPhases), for its log line. */
const phasesText = ({ phases: p, loaded }: LoadResult) => {
  if (!p || !loaded) return "";
  const { probeMs, importMs, startMs, gpuStartMs } = loaded.prepare;
  const gpu = loaded.build === "webgpu" ? `, WebGPU started ${fmt(gpuStartMs)}` : "";
  return (
    `; gate ${fmt(p.gateMs)}${p.gateServerMs === null ? "" : ` (server ${fmt(p.gateServerMs)})`}, weights ${fmt(p.bytesMs)}, ` +
    `worker ${fmt(p.workerMs)} (of it waiting for the runtime ${fmt(loaded.runtimeWaitMs)}; its preparation: WebGPU probe ${fmt(probeMs)}, ORT import ${fmt(importMs)}, WASM compiled and started ${fmt(startMs)}${gpu}), ` +
    `shown ${fmt(p.shownMs)} later`
  );
};

export const measureModel = async (
  ctx: Ctx,
  model: BenchModel,
  backend: Backend,
  o: RunOptions,
): Promise<ModelResult> => {
  const { context, page } = await openPlayground({
    ...ctx,
    profileDir: mkdtempSync(path.join(ctx.profileRoot, "profile-")),
  });
  let bareCtx: BarePage | undefined;
  const forceWasm = backend === "wasm";
  const url = `${ctx.appUrl}/models/${model.slug}/try`;
  try {
    const first = await timedLoad(page, url, { forceWasm, reload: false });
    if (first.error || !first.loaded)
      throw new Error(`the page did not load the model: ${first.error ?? "no runtime reported"}`);
    const l = first.loaded;
    const skipped =
      l.skipped && l.skipped.reason !== "forced-wasm"
        ? ` (WebGPU skipped: ${l.skipped.reason}: ${l.skipped.detail})`
        : "";
    ctx.log(
      `  ${model.slug} [${backend}] first visit: ready ${fmt(first.ms)} after the click, on ${l.backend}${l.adapter ? ` (${l.adapter})` : ""} (ORT's ${l.build} build), session ${fmt(l.sessionMs)}, ${l.threads} WASM thread(s), cross-origin isolated: ${l.crossOriginIsolated}${skipped}${phasesText(first)}`,
    );
    const result: ModelResult = { model: model.slug, backend, first, generations: [] };

    // A fresh bare page creates the same backend's session from the same bytes (compiling ORT's WASM, as the
    // new worker did); a model the worker could not run on WebGPU is tried there too, to tell the model's limits from the worker's.
    const key = `${model.slug}@${backend}`;
    bareCtx = await openBare(ctx.browser, ctx.bareServerUrl);
    result.bare = await bareLoad(bareCtx, key, ctx.bareUrl(model), backend);
    ctx.log(
      `  ${model.slug} [${backend}] bare page: ${result.bare.error ? `session failed: ${result.bare.error.slice(0, 200)}` : `ready ${fmt(result.bare.readyMs)} (fetch ${fmt(result.bare.fetchMs)}, ORT imported + session ${fmt(result.bare.sessionMs)})${backend === "wasm" ? " in ORT's proxy worker" : " on its main thread"}`}`,
    );
    if (l.backend !== backend) {
      result.fellBack = l.skipped ? `${l.skipped.reason}: ${l.skipped.detail}` : `ran on ${l.backend}`;
      return result;
    }

    if (model.task === "text-generation")
      for (let i = 0; i < o.clicks; i++) {
        const g = await timedGenerate(page, o.tokens);
        result.generations.push(g);
        ctx.log(
          `  ${model.slug} [${backend}] Generate click ${i + 1}${i ? "" : " (first after load)"}: first character ${fmt(g.firstMs)}, ${g.chars} characters in ${fmt(g.doneMs)}`,
        );
      }

    if (!result.bare.error) {
      const viaWorker = await bareLoadWorker(bareCtx, key, ctx.bareUrl(model), backend);
      if (viaWorker.error)
        ctx.log(`  ${model.slug} [${backend}] bare worker: session failed: ${viaWorker.error.slice(0, 200)}`);
      result.latency = await compareLatency({
        page,
        bare: bareCtx,
        key,
        model,
        backend,
        hasBareWorker: !viaWorker.error,
        o,
      });
      const { worker, inWorker, bare, bareWorker } = result.latency;
      ctx.log(
        `  ${model.slug} [${backend}] per run (${worker.n} each): worker ${fmt(worker.median)} median / ${fmt(worker.mean)} mean (in the worker ${fmt(inWorker.median)}), ${backend === "wasm" ? "ORT proxy worker" : "bare main thread"} ${fmt(bare.median)} / ${fmt(bare.mean)}, bare worker ${fmt(bareWorker.median)}`,
      );
    }

    result.second = await timedLoad(page, url, { forceWasm, reload: true });
    ctx.log(
      `  ${model.slug} [${backend}] second visit: ${result.second.error ? `failed: ${result.second.error}` : `ready ${fmt(result.second.ms)} after the click (session ${fmt(result.second.loaded?.sessionMs ?? NaN)})${result.second.fromCache ? ", weights from the Cache API" : ", NOT from the cache"}${phasesText(result.second)}`}`,
    );
    return result;
  } finally {
    await context.close();
    await bareCtx?.context.close();
  }
};
