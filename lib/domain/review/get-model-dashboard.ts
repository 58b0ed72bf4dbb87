import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import { ZDashboardQuery, type TDashboardQuery } from "@/lib/schemas/reviewers";

export const requestStatuses = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "EXPIRED", "REVOKED"] as const;
export type RequestStatusName = (typeof requestStatuses)[number];

/** One point of a per-day series: a UTC day (`YYYY-MM-DD`) and its count. */
export type DayCount = { date: string; count: number };

// Timestamps are stored as UTC without a zone, so days are UTC days.
const today = Prisma.sql`date_trunc('day', now() AT TIME ZONE 'UTC')`;
const windowStart = (days: number) => Prisma.sql`(${today} - ${days - 1}::int * interval '1 day')`;

/** `counted` yields (day, n) rows; every day of the window gets a point, zero when it has none. */
const zeroFilledPerDay = (days: number, counted: Prisma.Sql) =>
  db.$queryRaw<DayCount[]>`
    WITH counted AS (${counted})
    SELECT to_char(s.day, 'YYYY-MM-DD') AS date, coalesce(c.n, 0)::int AS count
    FROM generate_series(${windowStart(days)}, ${today}, interval '1 day') AS s(day)
    LEFT JOIN counted c ON c.day = s.day
    ORDER BY s.day`;

/**
 * A model's figures for its admins and reviewers (anyone else: 404). Everything is counted and
 * grouped in PostgreSQL; no request or download row is loaded into the app:
 * - `requestsByStatus`: all six statuses, all time, zeros included;
 * - `approvalsPerDay`, `downloadsPerDay`: the last `days` UTC days, today included, zero-filled;
 * - `medianHoursToDecision`: over every request decided by a reviewer or by the rules (null if none);
 * - `totalDownloads`, `distinctDownloaders`: all time.
 */
export const getModelDashboard = async (
  caller: Caller | null,
  params: TModelRouteParams,
  raw: TDashboardQuery = {},
) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const { org, name } = ZModelRouteParams.parse(params);
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, reviewableModelsWhere(caller)] },
    select: { id: true, slug: true, title: true, gating: true },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  const { days } = ZDashboardQuery.parse(raw);

  const [byStatus, approvals, median, downloads, totals] = await Promise.all([
    db.accessRequest.groupBy({ by: ["status"], where: { modelId: model.id }, _count: { _all: true } }),
    // EXPIRED and REVOKED requests were approved at their decidedAt too.
    zeroFilledPerDay(
      days,
      Prisma.sql`SELECT date_trunc('day', "decidedAt") AS day, count(*) AS n FROM "AccessRequest"
        WHERE "modelId" = ${model.id} AND status IN ('APPROVED', 'EXPIRED', 'REVOKED') AND "decidedAt" >= ${windowStart(days)} GROUP BY 1`,
    ),
    // Only what a reviewer or the rules decided: an operator's grant (ops `grant`, created
    // approved on the spot) would pull the median towards zero.
    db.$queryRaw<{ hours: number | null }[]>`
      SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ("decidedAt" - "createdAt"))::float8) / 3600)::float8 AS hours
      FROM "AccessRequest"
      WHERE "modelId" = ${model.id} AND "decidedAt" IS NOT NULL AND ("decidedById" IS NOT NULL OR "ruleOutcome" IS NOT NULL)
        AND "reasonCode" IS DISTINCT FROM 'GRANTED_BY_OPERATOR'`,
    zeroFilledPerDay(
      days,
      Prisma.sql`SELECT date_trunc('day', "issuedAt") AS day, count(*) AS n FROM "DownloadEvent"
        WHERE "modelId" = ${model.id} AND "issuedAt" >= ${windowStart(days)} GROUP BY 1`,
    ),
    db.$queryRaw<{ total: number; downloaders: number }[]>`
      SELECT count(*)::int AS total, count(DISTINCT "userId")::int AS downloaders FROM "DownloadEvent" WHERE "modelId" = ${model.id}`,
  ]);

  const counts = new Map(byStatus.map((g) => [g.status, g._count._all]));
  return {
    model: { slug: model.slug, title: model.title, gating: model.gating },
    days,
    requestsByStatus: Object.fromEntries(requestStatuses.map((s) => [s, counts.get(s) ?? 0])) as Record<
      RequestStatusName,
      number
    >,
    approvalsPerDay: approvals,
    medianHoursToDecision: median[0]?.hours ?? null,
    downloadsPerDay: downloads,
    totalDownloads: totals[0]?.total ?? 0,
    distinctDownloaders: totals[0]?.downloaders ?? 0,
  };
};
