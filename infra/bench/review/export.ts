// The export part of `npm run bench:review`: the whole audit log streamed through exportAuditCsv,
// against a tenth of it materialised as one string (what a non-streaming export would hold).
// Each runs in its own fresh process (export-probe.ts). A flat stream grows memory less for ten
// times the rows: growth ratios well under 1.
import { spawn } from "node:child_process";
import path from "node:path";
import type pg from "pg";
import { fmtMiB, type MemoryGrowth } from "./export-memory";
import { formatTable } from "../measure";

type Options = { adminId: string; raw: pg.Client; rows: number; env: NodeJS.ProcessEnv; log: (line: string) => void };
type Probe = MemoryGrowth & { bytes: number; lines: number };

const probe = (env: NodeJS.ProcessEnv, args: string[]) =>
  new Promise<Probe>((resolve, reject) => {
    const script = path.join(import.meta.dirname, "export-probe.ts");
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as Probe);
      else reject(new Error(`export probe ${args[0]} exited with ${code}: ${out.slice(-500)}`));
    });
  });

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");

/** Prints the export's figures and returns a one-line summary. */
export const measureExport = async ({ adminId, raw, rows, env, log }: Options): Promise<string> => {
  log(
    "\nAudit CSV export (exportAuditCsv): peak memory growth over a post-GC baseline, sampled every 50 ms, each in a fresh process",
  );
  const streamed = await probe(env, ["stream", adminId]);
  // The newest tenth of the log, selected by date (from the createdAt of its first row).
  const slice = Math.max(1, Math.round(rows / 10));
  const { rows: found } = await raw.query<{ from: string }>(
    `SELECT to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS') || 'Z' AS from FROM "AuditEvent" WHERE action <> 'audit.exported' ORDER BY seq DESC OFFSET $1 LIMIT 1`,
    [slice - 1],
  );
  const held = await probe(env, ["hold", adminId, found[0]?.from as string]);
  const perSecond = (p: Probe) => Math.round((p.lines - 1) / (p.ms / 1000));
  log(
    formatTable(
      ["export", "CSV lines", "MiB", "seconds", "rows/s", "peak RSS growth", "peak heap growth", "live heap growth"],
      [["streamed, whole log", streamed] as const, [`held as one string, newest ~${slice}`, held] as const].map(
        ([label, p]) => [
          label,
          String(p.lines),
          (p.bytes / 1048576).toFixed(1),
          (p.ms / 1000).toFixed(1),
          String(perSecond(p)),
          fmtMiB(p.rss),
          fmtMiB(p.heap),
          fmtMiB(p.liveHeap),
        ],
      ),
    ),
  );
  const ratios = `RSS ${ratio(streamed.rss, held.rss)}, heap ${ratio(streamed.heap, held.heap)}, live heap ${ratio(streamed.liveHeap, held.liveHeap)}`;
  log(
    `  growth ratio, streamed ${streamed.lines - 1} rows / held ${held.lines - 1} rows: ${ratios} (below 1: the stream is flat)`,
  );
  return `${streamed.lines - 1} rows (${fmtMiB(streamed.bytes)}) streamed at ${perSecond(streamed)} rows/s; peak growth RSS ${fmtMiB(streamed.rss)}, heap ${fmtMiB(streamed.heap)}, live heap ${fmtMiB(streamed.liveHeap)}; vs ${held.lines - 1} rows held: ${ratios}`;
};
