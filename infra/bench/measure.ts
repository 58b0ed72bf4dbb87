// Timing helpers for the benchmarks: capture the SQL a domain call sends (by wrapping pg's
// Client.query, which @prisma/adapter-pg calls), replay it bare on a raw pg connection, and time
// both interleaved so machine noise hits them alike. Figures are ratios, never pass/fail.
import pg from "pg";
import { percentile } from "./stats";

export type Statement = { text: string; values: unknown[] };

let sink: Statement[] | null = null;
let installed = false;

/** Wraps pg.Client.prototype.query once; statements are recorded only inside captureSql. */
export const installSqlCapture = () => {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args;
    if (sink) {
      if (typeof config === "string") sink.push({ text: config, values: Array.isArray(values) ? values : [] });
      else if (config && typeof config === "object" && "text" in config) {
        const c = config as { text: string; values?: unknown[] };
        sink.push({ text: c.text, values: c.values ?? [] });
      }
    }
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
};

/** Runs fn once and returns the statements it sent, in the order they were sent. */
export const captureSql = async (fn: () => Promise<unknown>): Promise<Statement[]> => {
  sink = [];
  try {
    await fn();
    return sink;
  } finally {
    sink = null;
  }
};

/** The same statements, one after the other on one raw connection (rows as arrays, as the adapter asks). */
export const replay = async (client: pg.Client, statements: Statement[]) => {
  for (const s of statements) await client.query({ text: s.text, values: s.values, rowMode: "array" });
};

export type Timing = { p50: number; p95: number; bareP50: number; bareP95: number };

/** Warm-up, then `runs` rounds of (domain, bare), alternating which goes first. */
export const timePair = async (
  domain: () => Promise<unknown>,
  bare: () => Promise<unknown>,
  { runs, warmup }: { runs: number; warmup: number },
): Promise<Timing> => {
  const once = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (let i = 0; i < warmup; i++) {
    await domain();
    await bare();
  }
  const d: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      d.push(await once(domain));
      b.push(await once(bare));
    } else {
      b.push(await once(bare));
      d.push(await once(domain));
    }
  }
  d.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  return { p50: percentile(d, 50), p95: percentile(d, 95), bareP50: percentile(b, 50), bareP95: percentile(b, 95) };
};

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Plan Rows"?: number;
  Plans?: PlanNode[];
};

export type PlanSummary = { indexes: string[]; seqScans: { table: string; tableRows: number }[] };

/**
 * EXPLAIN (no ANALYZE) of every SELECT among the statements: which indexes the plans use and which
 * tables they read whole. tableRows is pg_class.reltuples, so a seq scan on a 20-row table is told
 * apart from one on a million-row table.
 */
export const explainStatements = async (client: pg.Client, statements: Statement[]): Promise<PlanSummary> => {
  const indexes = new Set<string>();
  const seq = new Map<string, number>();
  const walk = (n: PlanNode, rowsOf: (t: string) => number) => {
    if (n["Index Name"])
      indexes.add(`${n["Index Name"]}${n["Node Type"] === "Index Only Scan" ? " (index only)" : ""}`);
    if (n["Node Type"] === "Seq Scan" && n["Relation Name"]) seq.set(n["Relation Name"], rowsOf(n["Relation Name"]));
    for (const c of n.Plans ?? []) walk(c, rowsOf);
  };
  const { rows } = await client.query<{ relname: string; reltuples: number }>(
    `SELECT relname, reltuples::float8 AS reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
  );
  const size = new Map(rows.map((r) => [r.relname, Math.max(0, r.reltuples)]));
  for (const s of statements) {
    if (!/^\s*(SELECT|WITH)\b/i.test(s.text)) continue;
    const res = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>({
      text: `EXPLAIN (FORMAT JSON) ${s.text}`,
      values: s.values,
    });
    const plan = res.rows[0]?.["QUERY PLAN"][0]?.Plan;
    if (plan) walk(plan, (t) => size.get(t) ?? 0);
  }
  return { indexes: [...indexes], seqScans: [...seq].map(([table, tableRows]) => ({ table, tableRows })) };
};

/** Seq scans on tables with more rows than this are flagged. */
export const BIG_TABLE = 10_000;

export const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
export const fmtRatio = (r: number) => `${r.toFixed(2)}x`;

/** A plain text table, columns padded; the first column left-aligned, the rest right-aligned. */
export const formatTable = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
};
