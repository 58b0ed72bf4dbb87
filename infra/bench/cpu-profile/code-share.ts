// Reads a web process's .cpuprofile (preload.mjs) and tells, for windows of time, how busy the
// process was and how much of that ran our own code (app/, lib/, proxy.ts) rather than Next.js,
// Node's HTTP and streams, the PostgreSQL driver and the garbage collector. Production chunks are
// minified, so frames are mapped back to sources through the build's source maps.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type Profile = {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Microseconds on the clock V8's profiler stamps samples with (CLOCK_MONOTONIC, as process.hrtime). */
export const profileClockMicros = () => Number(process.hrtime.bigint() / 1000n);

export type Window = { from: number; to: number };
export type Share = { samples: number; busy: number; ours: number; self: Map<string, number> };

const OURS = /(^|\/)(app|lib)\/|(^|\/)proxy\.ts$/;

const sourceOf = (maps: Map<string, TraceMap | null>) => (frame: CallFrame) => {
  if (!frame.url.includes("/.next/server/")) return null;
  let map = maps.get(frame.url);
  if (map === undefined) {
    try {
      map = new TraceMap(readFileSync(`${fileURLToPath(frame.url)}.map`, "utf8"));
    } catch {
      map = null;
    }
    maps.set(frame.url, map);
  }
  if (!map) return null;
  const at = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
  return at.source ? decodeURIComponent(at.source).replace(/^.*?\.\.\/(?=[^.])/, "") : null;
};

const packageOf = (p: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1];

/** What a sample's own frame belongs to: a package, a part of Node, our code's directory, the GC… */
const placeOf = (frame: CallFrame, src: string | null) => {
  if (frame.functionName.startsWith("(")) return frame.functionName; // (garbage collector), (program)
  if (src !== null) {
    const pkg = packageOf(src);
    if (pkg) return pkg;
    if (OURS.test(src))
      return src
        .split("/")
        .slice(0, src.startsWith("lib/") ? 2 : 1)
        .join("/");
    return `bundled ${src.split("/")[0]}`;
  }
  // node:internal/deps/undici/undici → node:undici, node:internal/async_hooks → node:async_hooks, node:_http_server → node:http_server
  if (frame.url.startsWith("node:"))
    return `node:${frame.url.replace(/^node:(internal\/)?(deps\/)?_?/, "").split("/")[0]}`;
  if (!frame.url) return "native (V8 builtins: JSON, RegExp, promises; socket writes)";
  return packageOf(frame.url) ?? (frame.url.includes("/.next/server/") ? "next chunk (no map)" : frame.url);
};

/** For each window: samples taken, those not idle, those with our code anywhere on the stack, and self time per place. */
export const codeShare = (profilePath: string, windows: Window[][]): Share[] => {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as Profile;
  const parent = new Map<number, number>();
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const source = sourceOf(new Map());
  // Whether a node's stack (itself and its callers) holds our code, memoised per node.
  const oursOf = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = oursOf.get(id);
    if (known !== undefined) return known;
    const frame = frames.get(id);
    const src = frame ? source(frame) : null;
    const up = parent.get(id);
    const ours = (src !== null && OURS.test(src) && !src.includes("node_modules")) || (up !== undefined && isOurs(up));
    oursOf.set(id, ours);
    return ours;
  };
  // Where a node's own frame belongs, memoised per node as above: a profile has far more samples than nodes.
  const placeByNode = new Map<number, string>();
  const placeOfNode = (id: number, frame: CallFrame) => {
    let place = placeByNode.get(id);
    if (place === undefined) placeByNode.set(id, (place = placeOf(frame, source(frame))));
    return place;
  };
  const shares: Share[] = windows.map(() => ({ samples: 0, busy: 0, ours: 0, self: new Map() }));
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const k = windows.findIndex((ws) => ws.some((w) => t >= w.from && t < w.to));
    const share = shares[k];
    if (!share) return;
    share.samples++;
    const frame = frames.get(id);
    if (!frame || frame.functionName === "(idle)") return;
    share.busy++;
    if (isOurs(id)) share.ours++;
    const place = placeOfNode(id, frame);
    share.self.set(place, (share.self.get(place) ?? 0) + 1);
  });
  return shares;
};

/** Env for a stack whose web process is profiled into `profilePath` (preload.mjs). */
export const profileEnv = (base: Record<string, string | undefined>, profilePath: string) => ({
  NODE_OPTIONS: `${base.NODE_OPTIONS ?? ""} --import ${new URL("./preload.mjs", import.meta.url).href}`.trim(),
  BENCH_CPU_PROFILE: profilePath,
});

/** One line per route: how busy the web process was during its timed runs, and our code's part of that. */
export const logCodeShare = (
  profilePath: string,
  routes: { route: { name: string }; runs: { window: Window }[] }[],
  log: (line: string) => void,
) => {
  const shares = codeShare(
    profilePath,
    routes.map((r) => r.runs.map((run) => run.window)),
  );
  log(
    `\n   Where the web process's CPU went during each route's timed runs (profile: ${profilePath}; the profiler slows it a little):`,
  );
  routes.forEach(({ route }, i) => {
    const s = shares[i];
    if (!s?.samples) return log(`  ${route.name}: no samples`);
    log(
      `  ${route.name.padEnd(16)} busy ${pct(s.busy, s.samples)} of the time; of that, our code (app/, lib/, proxy.ts) ${pct(s.ours, s.busy)}, ` +
        `the rest Next.js, Node's HTTP and streams, the PostgreSQL driver and the garbage collector`,
    );
    const top = [...s.self].sort((a, b) => b[1] - a[1]).slice(0, 10);
    log(`  ${"".padEnd(16)} self time: ${top.map(([place, n]) => `${place} ${pct(n, s.busy)}`).join(", ")}`);
  });
};

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;
