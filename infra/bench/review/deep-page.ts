// The review queue's paging goal: a page 90% of the way into the pending queue, reached by its
// keyset cursor, against page 1, both through listReviewQueue and timed in pairs in the same
// run. For scale, the same deep page read by OFFSET (the queue's former paging) against the keyset
// read, both as bare SQL.
import type pg from "pg";
import type { Caller } from "@/lib/auth/get-current-user";
import type { listReviewQueue as ListReviewQueue } from "@/lib/domain/review/list-review-queue";
import type { encodeQueueCursor as EncodeQueueCursor } from "@/lib/domain/review/review-queue-cursor";
import { fmtMs, fmtRatio, timePair } from "../measure";
import { median, percentile } from "../stats";
import type { ReviewData } from "./seed";

/**
 * Both calls timed back to back, in alternating order, and the median of the per-pair ratios: the
 * two calls of a pair share the machine's load of that moment, which the two medians apart do not.
 */
const pairedRatio = async (
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  { runs, warmup }: { runs: number; warmup: number },
) => {
  const once = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      as.push(await once(a));
      bs.push(await once(b));
    } else {
      bs.push(await once(b));
      as.push(await once(a));
    }
  }
  const ratio = median(as.map((x, i) => x / (bs[i] as number)));
  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  return {
    p50: percentile(sorted(as), 50),
    p95: percentile(sorted(as), 95),
    bareP50: percentile(sorted(bs), 50),
    bareP95: percentile(sorted(bs), 95),
    ratio,
  };
};

export type DeepPageResult = { who: string; page: number; deepP50: number; firstP50: number; ratio: number };

type Ctx = { raw: pg.Client; runs: number; warmup: number; log: (line: string) => void };

const caller = (id: string, email: string, role: Caller["role"]): Caller => ({ id, email, name: null, role });

/** The pending requests in `who`'s queue, oldest first, as SQL (the domain's filter, written out). */
const queueSql = (reviewer: boolean) =>
  `FROM "AccessRequest" WHERE status = 'PENDING' AND "userId" <> $1${
    reviewer ? ` AND "modelId" IN (SELECT "modelId" FROM "ModelReviewer" WHERE "userId" = $1)` : ""
  }`;

export const runDeepPageCases = async (
  listReviewQueue: typeof ListReviewQueue,
  encodeQueueCursor: typeof EncodeQueueCursor,
  data: ReviewData,
  { raw, runs, warmup, log }: Ctx,
) => {
  const results: DeepPageResult[] = [];
  // More samples than the table's cases: a call costs tens of ms, and on a loaded machine a
  // median of ten swings by a fifth.
  const pairRuns = Math.max(30, runs * 3);
  for (const [who, c] of [
    ["reviewer", caller(data.reviewerId, "reviewer0@bench.example", "RESEARCHER")],
    ["admin", caller(data.adminId, data.adminEmail, "ADMIN")],
  ] as const) {
    const { total, pageSize } = await listReviewQueue(c, {});
    const page = Math.max(2, Math.floor(Math.ceil(total / pageSize) * 0.9));
    // The cursor Next would carry onto `page`: the key of the last row of the page before it.
    const offset = (page - 1) * pageSize - 1;
    const { rows } = await raw.query<{ id: string; ms: string }>(
      `SELECT id, (extract(epoch FROM "createdAt") * 1000)::bigint::text AS ms ${queueSql(who === "reviewer")}
       ORDER BY "createdAt", id OFFSET $2 LIMIT 1`,
      [c.id, offset],
    );
    const row = rows[0];
    if (!row) throw new Error(`no row at offset ${offset} of ${who}'s queue (${total} requests)`);
    const createdAt = new Date(Number(row.ms));
    const cursor = encodeQueueCursor({ sort: "oldest", direction: "after", createdAt, id: row.id });
    const t = await pairedRatio(
      () => listReviewQueue(c, { cursor }),
      () => listReviewQueue(c, {}),
      { runs: pairRuns, warmup },
    );
    const r = { who, page, deepP50: t.p50, firstP50: t.bareP50, ratio: t.ratio };
    results.push(r);
    log(
      `  ${who}: page ${page} of ${Math.ceil(total / pageSize)} by cursor ${fmtMs(t.p50)} ms (p95 ${fmtMs(t.p95)}) vs page 1 ${fmtMs(t.bareP50)} ms (p95 ${fmtMs(t.bareP95)}): median pair ratio ${fmtRatio(r.ratio)}`,
    );
    if (who === "admin") {
      const select = `SELECT id ${queueSql(false)}`;
      const bare = await timePair(
        () => raw.query(`${select} ORDER BY "createdAt", id LIMIT $2 OFFSET $3`, [c.id, pageSize + 1, offset + 1]),
        () =>
          raw.query(`${select} AND ("createdAt", id) > ($3::timestamp, $4) ORDER BY "createdAt", id LIMIT $2`, [
            c.id,
            pageSize + 1,
            createdAt.toISOString().replace("Z", ""),
            row.id,
          ]),
        { runs, warmup },
      );
      log(
        `  for scale, bare SQL of that admin page: by OFFSET ${fmtMs(bare.p50)} ms vs by keyset ${fmtMs(bare.bareP50)} ms (${fmtRatio(bare.p50 / bare.bareP50)})`,
      );
    }
  }
  return results;
};
