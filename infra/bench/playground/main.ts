// npm run bench:playground: the playground's figures, in headless Chromium against a throwaway stack
// (embedded PostgreSQL and s3rver, the seeded demo catalog, the production web app; no worker).
// 1. Per-run latency of the playground's ORT worker (round trip measured in the page, through the page's
//    own worker protocol) against a bare, equally cross-origin isolated page that runs the same bytes
//    with the same onnxruntime-web files, backend and thread count on its main thread (goal ≤ 1.1).
// 2. WebGPU (SwiftShader: --enable-unsafe-webgpu, no --disable-gpu) against WASM for each seeded model.
// 3. Click on "Generate" → first character on the page; click on "Load model" → ready, first visit and
//    second visit (Cache API), with one step's per-run latency as the in-run baseline.
// It never fails on timing, and serves the existing build without building: run it as
// `flock /tmp/e2e.lock sh -c 'npm run build && npm run bench:playground'`.
import os from "node:os";
import { chromium, type Browser, type LaunchOptions } from "@playwright/test";
import { Command, InvalidArgumentError } from "commander";
import { ORT_VERSION } from "@/lib/playground/ort-assets";
import type { Backend } from "@/lib/playground/worker-protocol";
import { findFreePort } from "../../local/ports";
import { startStack, type Stack } from "../../local/stack";
import {
  benchRoot as root,
  benchSession,
  log,
  machineLine,
  productionStackEnv,
  requireBuild,
  secs,
  staleBuildNote,
  whole,
} from "../bench-kit";
import { startBareServer, type BareServer } from "./bare";
import { openBare } from "./page";
import { measureModel, type ModelResult } from "./run";
import { printSummary } from "./summary";
import { seedPlaygroundWorld } from "./world";

const ALIASES: Record<string, string> = {
  char: "registry-demo/tiny-char-lm",
  vad: "silero/silero-vad",
  ocr: "paddlepaddle/ppocr-text-orientation",
};
const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const backendList = (v: string) => {
  const out = list(v);
  if (!out.length || out.some((b) => b !== "wasm" && b !== "webgpu"))
    throw new InvalidArgumentError("a comma-separated list of wasm and webgpu");
  return out as Backend[];
};
const cmd = new Command("bench:playground")
  .option(
    "--rounds <N>",
    "rounds of (worker, bare) runs per model and backend, alternating which goes first",
    whole(1),
    3,
  )
  .option("--runs <N>", "timed runs per side and round", whole(1), 30)
  .option(
    "--warmup <N>",
    "untimed runs per side before the rounds (repeated until --warmup-seconds have passed)",
    whole(1),
    10,
  )
  .option("--warmup-seconds <S>", "least warm-up time per side", whole(0), 5)
  .option("--max-seconds <S>", "fewer runs per round when a side's round would take longer than this", whole(1), 8)
  .option(
    "--models <list>",
    `comma-separated: ${Object.keys(ALIASES).join(", ")} or org/name slugs of the seeded catalog`,
    list,
    Object.keys(ALIASES),
  )
  .option("--backends <list>", "comma-separated: wasm, webgpu", backendList, ["wasm", "webgpu"] as Backend[])
  .option("--tokens <N>", "characters per Generate click (text model)", whole(1), 40)
  .option("--clicks <N>", "Generate clicks per backend; the first comes right after the load", whole(1), 4)
  .option("--quick", "fewer rounds, runs, warm-up and clicks (about three minutes); options given still apply")
  .parse();
const opts = cmd.opts<{
  rounds: number;
  runs: number;
  warmup: number;
  warmupSeconds: number;
  maxSeconds: number;
  models: string[];
  backends: Backend[];
  tokens: number;
  clicks: number;
  quick?: boolean;
}>();
// --quick lowers the defaults only: an option given on the command line keeps its value.
const QUICK = { rounds: 2, runs: 15, warmup: 5, warmupSeconds: 2, maxSeconds: 3, tokens: 20, clicks: 2 } as const;
if (opts.quick)
  for (const [k, v] of Object.entries(QUICK)) if (cmd.getOptionValueSource(k) === "default") cmd.setOptionValue(k, v);

requireBuild("bench:playground");

const started = performance.now();
const serverLines: string[] = [];
let stack: Stack | undefined;
let browser: Browser | undefined;
let bareServer: BareServer | undefined;
// Playwright's own signal handlers are off (launch options below): they would exit before this cleanup ends.
const { dataDir, cleanup, interrupted } = benchSession("playground", async () => {
  await browser?.close().catch(() => {});
  await bareServer?.close().catch(() => {});
  await stack?.stop();
});

try {
  const cpus = os.cpus();
  log(machineLine("Playground benchmark", `onnxruntime-web ${ORT_VERSION}`));
  const stale = staleBuildNote();
  if (stale) log(stale);

  let t = performance.now();
  const [port, pgPort, s3Port] = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
  const appUrl = `http://127.0.0.1:${port}`;
  // Whatever the caller's shell configures, this stack is embedded and throwaway.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL" && k !== "SMTP_URL" && !k.startsWith("S3_")),
  );
  stack = await startStack({
    port,
    dataDir,
    baseEnv: productionStackEnv(base, { appUrl, seedDemo: true }),
    ports: { pg: pgPort, s3: s3Port },
    web: true,
    worker: false,
    log: (line) => serverLines.push(line),
  });
  log(
    `Stack up in ${secs(t)} with the seeded demo catalog: web ${appUrl} (next start), PostgreSQL, s3rver ${stack.s3Endpoint}; data dir ${dataDir}`,
  );

  t = performance.now();
  const slugs = opts.models.map((m) => ALIASES[m] ?? m);
  const world = await seedPlaygroundWorld({ appUrl, databaseUrl: stack.env.DATABASE_URL as string, slugs });
  for (const f of world.failed) log(`  ${f.slug}: not measured: ${f.error}`);
  log(
    `A signed-in researcher with grants on ${world.models.length} model(s): ${world.models.map((m) => `${m.slug} (${m.file.path}, ${(m.bytes.byteLength / 1024).toFixed(0)} KiB)`).join(", ")} (${secs(t)})`,
  );

  bareServer = await startBareServer(root);
  const bareUrls = new Map(world.models.map((m) => [m.slug, bareServer!.addModel(m.slug, m.bytes)]));
  const launchOptions: LaunchOptions = {
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // e2e/ui/playground-webgpu.spec.ts's flags: WebGPU on (SwiftShader), no --disable-gpu; the network is closed.
    args: [
      "--no-sandbox",
      "--enable-unsafe-webgpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
  browser = await chromium.launch(launchOptions);
  // Each (model, backend) gets a fresh bare page, as each visit gets a fresh worker: both start from a
  // cold ORT (its WASM compiled again, optimised by V8 as it warms up). This one only reports the setting.
  const probe = await openBare(browser, bareServer.url);
  const threads = probe.threads;
  log(
    `Chromium ${browser.version()}; bare page ${bareServer.url} (COOP same-origin, COEP require-corp): cross-origin isolated: ${probe.isolated}, ${threads} WASM thread(s)`,
  );
  await probe.context.close();
  log(
    `Per model and backend: ${opts.rounds} rounds × up to ${opts.runs} runs per side (fewer when a round would pass ${opts.maxSeconds} s) after at least ${opts.warmup} warm-up runs and ${opts.warmupSeconds} s per side; ${opts.clicks} Generate clicks of ${opts.tokens} characters for the text model\n`,
  );

  const results: ModelResult[] = [];
  const errors: string[] = world.failed.map((f) => `${f.slug}: ${f.error}`);
  for (const backend of opts.backends)
    for (const model of world.models) {
      if (interrupted()) break;
      t = performance.now();
      try {
        results.push(
          await measureModel(
            {
              browser,
              launchOptions,
              profileRoot: dataDir,
              appUrl,
              sessionToken: world.sessionToken,
              bareServerUrl: bareServer.url,
              bareUrl: (m) => `${bareServer!.url}${bareUrls.get(m.slug)}`,
              log,
            },
            model,
            backend,
            opts,
          ),
        );
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        errors.push(`${model.slug} [${backend}]: ${message}`);
        if (!interrupted()) log(`  ${model.slug} [${backend}]: FAILED: ${message}`);
      }
      log(`  (${secs(t)})`);
    }

  if (interrupted()) throw new Error("interrupted()");
  printSummary({ results, errors, threads, log });
  // pino errors (level >= 50) and any plain line that says error; cut short, the stack traces are long.
  const serverErrors = serverLines.filter((l) =>
    /"level":\d+/.test(l) ? /"level":[5-9]\d/.test(l) : /error/i.test(l),
  );
  if (serverErrors.length)
    log(
      `\nServer output with errors (${serverErrors.length} lines), first: ${serverErrors
        .slice(0, 3)
        .map((l) => l.slice(0, 300))
        .join(" | ")}`,
    );
  log(`\nTotal run time ${secs(started)}; load average now ${os.loadavg()[0]?.toFixed(1)} on ${cpus.length} cores`);
} catch (e) {
  process.exitCode = 1;
  if (!interrupted()) console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  if (serverLines.length && !interrupted()) console.error(`last server output:\n${serverLines.slice(-20).join("\n")}`);
} finally {
  await cleanup();
}
