// The measured cases of `npm run bench:review`: the review queue and the audit filter through
// their domain functions, each against the very SQL that call sent, replayed bare.
import type pg from "pg";
import type { Caller } from "@/lib/auth/get-current-user";
import type { listAuditEvents as ListAuditEvents } from "@/lib/domain/audit/list-audit-events";
import type { listReviewQueue as ListReviewQueue } from "@/lib/domain/review/list-review-queue";
import type { TAuditListQuery } from "@/lib/schemas/audit";
import type { TReviewQueueQuery } from "@/lib/schemas/review";
import {
  BIG_TABLE,
  captureSql,
  explainStatements,
  fmtMs,
  fmtRatio,
  formatTable,
  replay,
  timePair,
  type PlanSummary,
  type Timing,
} from "../measure";
import type { ReviewData } from "./seed";

export type CaseResult = Timing & { name: string; statements: number; plan: PlanSummary };

type Case = { name: string; run: () => Promise<unknown> };

export type CaseContext = {
  raw: pg.Client;
  runs: number;
  warmup: number;
  /** Print each case's captured SQL (with its parameters). */
  showSql: boolean;
  log: (line: string) => void;
};

const runCases = async (cases: Case[], { raw, runs, warmup, showSql, log }: CaseContext) => {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const statements = await captureSql(c.run);
    if (showSql)
      for (const s of statements) log(`    SQL ${s.text.replace(/\s+/g, " ")}  -- ${JSON.stringify(s.values)}`);
    const timing = await timePair(c.run, () => replay(raw, statements), { runs, warmup });
    const plan = await explainStatements(raw, statements);
    results.push({ name: c.name, statements: statements.length, plan, ...timing });
    log(`  ${c.name}: ${fmtMs(timing.p50)} ms (bare ${fmtMs(timing.bareP50)} ms)`);
  }
  return results;
};

/**
 * The ORM's floor: one trivial Prisma query (a unique lookup, one statement) against its SQL bare.
 * Read the ratios of the real cases against it: a case sending N statements costs about N floors.
 */
export const runFloorCase = (lookup: () => Promise<unknown>, ctx: CaseContext) =>
  runCases([{ name: "floor: db.model.findUnique by slug", run: lookup }], ctx);

const caller = (id: string, email: string, role: Caller["role"]): Caller => ({ id, email, name: null, role });

/**
 * Queue cases for a reviewer of three models and for an admin: first page, profile filters (deep
 * pages against page 1: deep-page.ts).
 */
export const runQueueCases = async (listReviewQueue: typeof ListReviewQueue, data: ReviewData, ctx: CaseContext) => {
  const reviewer = caller(data.reviewerId, "reviewer0@bench.example", "RESEARCHER");
  const admin = caller(data.adminId, data.adminEmail, "ADMIN");
  const filter: TReviewQueueQuery = { country: "DE", affiliation: "univ" };
  const cases: Case[] = [];
  for (const [who, c] of [
    ["reviewer", reviewer],
    ["admin", admin],
  ] as const)
    cases.push(
      { name: `queue ${who}: pending, oldest, page 1`, run: () => listReviewQueue(c, {}) },
      { name: `queue ${who}: country DE + affiliation "univ"`, run: () => listReviewQueue(c, filter) },
    );
  const slug = data.modelSlugs[7] as string;
  cases.push({
    name: `queue admin: model ${slug}, >=30 days, newest`,
    run: () => listReviewQueue(admin, { model: slug, minAgeDays: 30, sort: "newest" }),
  });
  return runCases(cases, ctx);
};

/** Where the seeded log lies in time, and how many rows it holds. */
export type AuditSpan = { start: Date; end: Date; rows: number };

/** Audit cases for an admin: unfiltered, by action (exact and prefix), actor, model, dates, combined, a later page. */
export const runAuditCases = async (
  listAuditEvents: typeof ListAuditEvents,
  data: ReviewData,
  span: AuditSpan,
  ctx: CaseContext,
) => {
  const admin = caller(data.adminId, data.adminEmail, "ADMIN");
  const at = (fraction: number) =>
    new Date(span.start.getTime() + (span.end.getTime() - span.start.getTime()) * fraction);
  const iso = (d: Date) => d.toISOString();
  const actor = (
    await ctx.raw.query<{ email: string }>(`SELECT email FROM "User" WHERE id = $1`, [data.researcherIds[5]])
  ).rows[0]?.email as string;
  const slug = data.modelSlugs[3] as string;
  // A cursor deep into one action's rows: the seq of its ~20,000th newest row (fewer on small runs).
  const { rows } = await ctx.raw.query<{ seq: string }>(
    `SELECT seq::text FROM "AuditEvent" WHERE action = 'license.accepted' ORDER BY "createdAt" DESC, seq DESC OFFSET $1 LIMIT 1`,
    [Math.floor(Math.min(20_000, span.rows / 26))],
  );
  const q = (name: string, query: TAuditListQuery): Case => ({
    name: `audit: ${name}`,
    run: () => listAuditEvents(admin, query),
  });
  const cases: Case[] = [
    q("no filter, newest page", {}),
    q("action access_request.approved", { action: "access_request.approved" }),
    q('action prefix "access_request."', { action: "access_request." }),
    q(`actor ${actor}`, { actor }),
    q(`model ${slug}`, { model: slug }),
    q("one week (date range)", { from: iso(at(0.5)), to: iso(new Date(at(0.5).getTime() + 7 * 86_400_000)) }),
    q("action + model + one month", {
      action: "license.accepted",
      model: slug,
      from: iso(at(0.3)),
      to: iso(new Date(at(0.3).getTime() + 30 * 86_400_000)),
    }),
  ];
  if (rows[0])
    cases.push(q("action license.accepted, deep cursor", { action: "license.accepted", before: rows[0].seq }));
  return runCases(cases, ctx);
};

/** The results table (ratios are domain / bare) and, per case, what the bare SQL's plans use. */
export const printResults = (title: string, results: CaseResult[], log: (line: string) => void) => {
  log(`\n${title}`);
  log(
    formatTable(
      ["case", "stmts", "p50 ms", "p95 ms", "bare p50", "bare p95", "ratio p50", "ratio p95"],
      results.map((r) => [
        r.name,
        String(r.statements),
        fmtMs(r.p50),
        fmtMs(r.p95),
        fmtMs(r.bareP50),
        fmtMs(r.bareP95),
        fmtRatio(r.p50 / r.bareP50),
        fmtRatio(r.p95 / r.bareP95),
      ]),
    ),
  );
  log("Plans of the bare SQL (EXPLAIN, no ANALYZE):");
  for (const r of results) {
    const seq = r.plan.seqScans.map(
      (s) =>
        `${s.table} (~${Math.round(s.tableRows)} rows)${s.tableRows > BIG_TABLE ? " <-- SEQ SCAN ON A BIG TABLE" : ""}`,
    );
    log(`  ${r.name}`);
    log(`    indexes: ${r.plan.indexes.join(", ") || "none"}`);
    if (seq.length) log(`    seq scans: ${seq.join(", ")}`);
  }
};

/** Cases whose plans read a big table whole. */
export const bigSeqScans = (results: CaseResult[]) =>
  results.flatMap((r) => r.plan.seqScans.filter((s) => s.tableRows > BIG_TABLE).map((s) => `${r.name}: ${s.table}`));
