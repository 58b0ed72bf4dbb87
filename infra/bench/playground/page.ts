// Drives the real playground page (/models/{org}/{name}/try) and the bare page for bench:playground.
// Every time is taken in the page with its own clock (browser-side code in browser.ts);
// Playwright only clicks and waits.
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from "@playwright/test";
import type { Feed } from "@/lib/playground/tensor-feeds";
import type { WorkerResponse } from "@/lib/playground/worker-protocol";
import { PAGE_INIT_SCRIPT } from "./browser";
import { BENCH_PROMPT } from "./inputs";
import { SESSION_COOKIE } from "./world";

type Loaded = Extract<WorkerResponse, { type: "loaded" }>;
export type Runs = { round: number[]; inner: number[]; first: number[] };
type PageBench = {
  __bench: {
    loaded: Loaded | null;
    armLoad: () => void;
    load: Promise<{ ms: number; error: string | null }>;
    armGenerate: () => void;
    gen: Promise<{ firstMs: number; doneMs: number; chars: number }>;
    runWorker: (feeds: Feed[], n: number) => Promise<Runs>;
  };
};
/** The bare page's load: fetch, then ORT imported and the session created (`sessionMs`); `readyMs` is the whole. */
export type BareLoad = { fetchMs: number; sessionMs: number; readyMs: number; error: string | null };
type BareBench = {
  bareReady?: boolean;
  bare: {
    threads: number;
    isolated: boolean;
    load: (key: string, url: string, backend: string) => Promise<BareLoad>;
    run: (key: string, feeds: Feed[], n: number) => Promise<{ times: number[]; first: number[] }>;
    loadWorker: (key: string, url: string, backend: string) => Promise<{ sessionMs: number; error: string | null }>;
    runWorker: (key: string, feeds: Feed[], n: number) => Promise<number[]>;
  };
};

const LOAD_TIMEOUT = 120_000;

/**
 * A fresh browser profile (empty HTTP cache, code cache and Cache API) signed in as the bench user,
 * with the worker hook installed. A profile on disk, as a user's is: Chromium keeps no code cache
 * for in-memory (incognito-like) contexts, so `browser.newContext()` could never show a cached visit.
 */
export const openPlayground = async ({
  appUrl,
  sessionToken,
  profileDir,
  launchOptions,
}: {
  appUrl: string;
  sessionToken: string;
  profileDir: string;
  launchOptions: LaunchOptions;
}) => {
  const context = await chromium.launchPersistentContext(profileDir, launchOptions);
  await context.addCookies([
    { name: SESSION_COOKIE, value: sessionToken, url: appUrl, httpOnly: true, sameSite: "Lax" },
  ]);
  await context.addInitScript({ content: PAGE_INIT_SCRIPT });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
};

/** Where a load's wait went, from the page's User Timing marks (playground.tsx) and the worker's answer. */
export type LoadPhases = {
  /** Click → the gate's answer (POST playground-sessions); of it, the server's time to the first byte. */
  gateMs: number;
  gateServerMs: number | null;
  /** → every file's bytes in memory and verified (download or Cache API, sha256). */
  bytesMs: number;
  /** → the worker's "loaded" (bytes handed over, ORT session created; its own steps are in `loaded`). */
  workerMs: number;
  /** → the runtime line on the page (React rendering the ready state). */
  shownMs: number;
};
export type LoadResult = {
  ms: number;
  error: string | null;
  loaded: Loaded | null;
  fromCache: boolean;
  phases: LoadPhases | null;
};

/** Opens (or reloads) the page, then times the click on "Load model" until the runtime line or the error shows. */
export const timedLoad = async (
  page: Page,
  url: string,
  { forceWasm, reload }: { forceWasm: boolean; reload: boolean },
): Promise<LoadResult> => {
  if (reload) await page.reload({ waitUntil: "load" });
  else await page.goto(url, { waitUntil: "load" });
  if (forceWasm) await page.getByTestId("force-wasm").check({ timeout: 30_000 });
  await page.evaluate(() => (globalThis as unknown as PageBench).__bench.armLoad());
  await page.getByTestId("load-model").click({ timeout: 30_000 });
  const { ms, error } = await withTimeout(
    page.evaluate(() => (globalThis as unknown as PageBench).__bench.load),
    LOAD_TIMEOUT,
    "loading the model",
  );
  const loaded = await page.evaluate(() => (globalThis as unknown as PageBench).__bench.loaded);
  const download = error
    ? ""
    : ((await page
        .getByTestId("perf-download")
        .textContent({ timeout: 5_000 })
        .catch(() => "")) ?? "");
  // The marks of the last load on this document, relative to its start.
  const marks = await page.evaluate(() => {
    const all = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("playground:"));
    const from = all.map((m) => m.name).lastIndexOf("playground:start");
    const post = performance
      .getEntriesByType("resource")
      .filter((r) => r.name.includes("/playground-sessions"))
      .pop() as PerformanceResourceTiming | undefined;
    const at: Record<string, number | undefined> = Object.fromEntries(
      all.slice(from).map((m) => [m.name.slice("playground:".length), m.startTime]),
    );
    return { at, server: post ? post.responseStart - post.requestStart : undefined };
  });
  const { server } = marks;
  const { start, gate, bytes, ready } = marks.at;
  const phases =
    loaded && start !== undefined && gate !== undefined && bytes !== undefined && ready !== undefined
      ? {
          gateMs: gate - start,
          gateServerMs: server ?? null,
          bytesMs: bytes - gate,
          workerMs: ready - bytes,
          shownMs: ms - (ready - start),
        }
      : null;
  return { ms, error, loaded, fromCache: download.includes("from the browser cache"), phases };
};

/** `n` runs of the feeds through the page's worker (round trips timed in the page). */
export const workerRuns = (page: Page, feeds: Feed[], n: number) =>
  page.evaluate(([f, k]) => (globalThis as unknown as PageBench).__bench.runWorker(f, k), [feeds, n] as const);

/** Click on "Generate" (greedy, `tokens` characters) → first character on the page, and → done. */
export const timedGenerate = async (page: Page, tokens: number) => {
  await page.getByTestId("prompt").fill(BENCH_PROMPT);
  await page.getByTestId("greedy").check();
  await page.getByTestId("max-tokens").fill(String(tokens));
  await page.evaluate(() => (globalThis as unknown as PageBench).__bench.armGenerate());
  await page.getByTestId("generate").click();
  return withTimeout(
    page.evaluate(() => (globalThis as unknown as PageBench).__bench.gen),
    LOAD_TIMEOUT,
    "generating",
  );
};

export type BarePage = { context: BrowserContext; page: Page; threads: number; isolated: boolean };

export const openBare = async (browser: Browser, url: string): Promise<BarePage> => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page
    .waitForFunction(() => (globalThis as unknown as BareBench).bareReady === true, undefined, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`the bare page did not start: ${errors.join(" | ") || "no error reported"}`);
    });
  const { threads, isolated } = await page.evaluate(() => {
    const b = (globalThis as unknown as BareBench).bare;
    return { threads: b.threads, isolated: b.isolated };
  });
  return { context, page, threads, isolated };
};

export const bareLoad = (bare: BarePage, key: string, url: string, backend: string) =>
  withTimeout(
    bare.page.evaluate(([k, u, b]) => (globalThis as unknown as BareBench).bare.load(k, u, b), [
      key,
      url,
      backend,
    ] as const),
    LOAD_TIMEOUT,
    "the bare page's session",
  );

export const bareRuns = (bare: BarePage, key: string, feeds: Feed[], n: number) =>
  bare.page.evaluate(([k, f, m]) => (globalThis as unknown as BareBench).bare.run(k, f, m), [key, feeds, n] as const);

/** The same model in the bare page's minimal worker (the diagnostic "bare worker" figure). */
export const bareLoadWorker = (bare: BarePage, key: string, url: string, backend: string) =>
  withTimeout(
    bare.page.evaluate(([k, u, b]) => (globalThis as unknown as BareBench).bare.loadWorker(k, u, b), [
      key,
      url,
      backend,
    ] as const),
    LOAD_TIMEOUT,
    "the bare worker's session",
  );

export const bareWorkerRuns = (bare: BarePage, key: string, feeds: Feed[], n: number) =>
  bare.page.evaluate(([k, f, m]) => (globalThis as unknown as BareBench).bare.runWorker(k, f, m), [
    key,
    feeds,
    n,
  ] as const);

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};
