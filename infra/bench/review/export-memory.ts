// Peak memory of a CSV export: process RSS and V8 heap sampled every 50 ms while a stream is
// consumed, as growth over a baseline taken right after a full garbage collection.
import v8 from "node:v8";
import vm from "node:vm";

// The script runs without --expose-gc; the flag can still be switched on from inside.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

export type MemoryGrowth = { rss: number; heap: number; liveHeap: number; ms: number };

/**
 * Runs `work` while sampling memory every 50 ms; returns its result and the peak growth over a
 * post-GC baseline. `heap` is the peak heapUsed (garbage included, so it says as much about when V8
 * collects as about what is held); `liveHeap` is the peak heapUsed right after a forced GC, taken
 * once a second and once at the end while the result is still referenced: what is really held.
 */
export const measurePeakMemory = async <T>(work: () => Promise<T>): Promise<{ result: T; growth: MemoryGrowth }> => {
  gc();
  await new Promise((r) => setTimeout(r, 100));
  gc();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  let live = base.heapUsed;
  let ticks = 0;
  const sample = (collect: boolean) => {
    if (collect) gc();
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    if (collect) live = Math.max(live, m.heapUsed);
  };
  const timer = setInterval(() => sample(++ticks % 20 === 0), 50);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    sample(false);
    sample(true);
    return { result, growth: { rss: rss - base.rss, heap: heap - base.heapUsed, liveHeap: live - base.heapUsed, ms } };
  } finally {
    clearInterval(timer);
  }
};

type Chunk = string | Uint8Array;

/** The chunks of whatever the export returns: a web ReadableStream, a Response, a Node stream or any async iterable. */
export const chunksOf = (value: unknown): AsyncIterable<Chunk> => {
  if (value instanceof Response) {
    if (!value.body) throw new Error("the export's Response has no body");
    return value.body as unknown as AsyncIterable<Chunk>;
  }
  if (value && typeof value === "object") {
    if (Symbol.asyncIterator in value) return value as AsyncIterable<Chunk>;
    for (const key of ["stream", "body"] as const)
      if (key in value) return chunksOf((value as Record<string, unknown>)[key]);
  }
  throw new Error(`cannot read the export's result (${Object.prototype.toString.call(value)})`);
};

const NEWLINE = 10;

/** Counts bytes and lines without keeping anything. */
export const drain = async (value: unknown) => {
  let bytes = 0;
  let lines = 0;
  for await (const chunk of chunksOf(value)) {
    if (typeof chunk === "string") {
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lines++;
    } else {
      bytes += chunk.byteLength;
      for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
    }
  }
  return { bytes, lines };
};

/** The whole export as one string: what a non-streaming export would hold in memory. */
export const materialise = async (value: unknown) => {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for await (const chunk of chunksOf(value))
    parts.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
  parts.push(decoder.decode());
  const csv = parts.join("");
  parts.length = 0;
  return csv;
};

export const fmtMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
