import { afterAll, describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import {
  callerOf,
  createGatedModel,
  createPublishedVersion,
  createRequest,
  createResearcher,
  createUser,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { getModelDashboard, type DayCount } from "./get-model-dashboard";

const { modelIds } = trackTestRows();
// Download events restrict deleting their model; registered after trackTestRows, so this runs first.
afterAll(async () => void (await db.downloadEvent.deleteMany({ where: { modelId: { in: modelIds } } })));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const utcDay = (daysAgo: number) =>
  ago(daysAgo * DAY)
    .toISOString()
    .slice(0, 10);

const world = async () => {
  const org = `db${uid()}`;
  const a = await createGatedModel({ org, name: "a", gating: "AUTO" });
  const b = await createGatedModel({ org, name: "b" });
  modelIds.push(a.id, b.id);
  const { user: reviewerUser } = await createResearcher();
  await createModelReviewer(reviewerUser.id, a.id);
  const { user: adminUser } = await createResearcher({ role: "ADMIN" });
  return { a, b, org, reviewer: callerOf(reviewerUser), admin: callerOf(adminUser) };
};

/** One request per applicant (one open request per user and model), decided as given. */
const request = async (
  modelId: string,
  status: "PENDING" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "EXPIRED" | "REVOKED",
  timing: { createdAt: Date; decidedAt?: Date | null },
  decided: { byId?: string; byRules?: boolean; reasonCode?: string } = {},
) => {
  const user = await createUser();
  const row = await createRequest({
    userId: user.id,
    modelId,
    status,
    createdAt: timing.createdAt,
    decidedAt: timing.decidedAt ?? null,
    reasonCode: decided.reasonCode,
  });
  if (decided.byId || decided.byRules)
    await db.accessRequest.update({
      where: { id: row.id },
      data: {
        decidedById: decided.byId ?? null,
        ...(decided.byRules
          ? { ruleOutcome: { decision: "REJECT", rule: "blocked_country", reason: "x", checks: [] } }
          : {}),
      },
    });
};

/** Model A: one request in each status, three decisions taking 2 h, 4 h and 30 h, five downloads by two people. */
const seedModelA = async (modelId: string, reviewerId: string, operatorId: string) => {
  const now = Date.now();
  const at = (msAgo: number) => new Date(now - msAgo);
  await request(modelId, "APPROVED", { createdAt: at(2 * HOUR), decidedAt: at(0) }, { byId: reviewerId }); // 2 h, approved today
  await request(modelId, "REJECTED", { createdAt: at(3 * DAY + 4 * HOUR), decidedAt: at(3 * DAY) }, { byRules: true }); // 4 h, by the rules
  await request(
    modelId,
    "REVOKED",
    { createdAt: at(100 * DAY + 30 * HOUR), decidedAt: at(100 * DAY) },
    { byId: reviewerId },
  ); // 30 h, approved 100 days ago
  // An operator's grant (`npm run ops -- grant`) approves, but neither a reviewer nor the rules
  // decided it: counted as an approval, not in the median (which would be 17 h).
  await request(
    modelId,
    "EXPIRED",
    { createdAt: at(2 * DAY + 100 * HOUR), decidedAt: at(2 * DAY) },
    { byId: operatorId, reasonCode: "GRANTED_BY_OPERATOR" },
  );
  // A row with a date but no decider nor rule outcome (imported data) is left out too.
  await request(modelId, "REJECTED", { createdAt: at(4 * DAY + 200 * HOUR), decidedAt: at(4 * DAY) });
  await request(modelId, "PENDING", { createdAt: at(DAY) });
  await request(modelId, "PENDING", { createdAt: at(5 * DAY) });
  await request(modelId, "WITHDRAWN", { createdAt: at(6 * DAY) });

  const version = await createPublishedVersion(modelId, [{ path: "model.onnx", size: 1024 }]);
  const file = await db.modelFile.findFirstOrThrow({ where: { versionId: version.id } });
  const [u1, u2] = [await createUser(), await createUser()];
  const download = (userId: string, issuedAt: Date) => ({
    userId,
    modelId,
    versionId: version.id,
    fileId: file.id,
    channel: "WEB" as const,
    issuedAt,
    urlExpiresAt: new Date(issuedAt.getTime() + 600_000),
  });
  await db.downloadEvent.createMany({
    data: [
      download(u1.id, at(0)),
      download(u1.id, at(0)),
      download(u1.id, at(0)),
      download(u2.id, at(5 * DAY)),
      download(u2.id, at(200 * DAY)),
    ],
  });
};

const sum = (series: DayCount[]) => series.reduce((n, p) => n + p.count, 0);
const on = (series: DayCount[], date: string) => series.find((p) => p.date === date)?.count;

const snapshot = async (modelIds: string[]) => ({
  reviewers: await db.modelReviewer.findMany({
    where: { modelId: { in: modelIds } },
    select: { userId: true, modelId: true },
    orderBy: [{ modelId: "asc" }, { userId: "asc" }],
  }),
  audit: (
    await db.auditEvent.findMany({
      where: { modelId: { in: modelIds } },
      select: { seq: true },
      orderBy: { seq: "asc" },
    })
  ).map((e) => e.seq.toString()),
});

describe("getModelDashboard", () => {
  it("counts every status, the median decision time, approvals and downloads per UTC day (zero-filled), totals", async () => {
    const { a, org, reviewer, admin } = await world();
    await seedModelA(a.id, reviewer.id, admin.id);
    const d = await getModelDashboard(reviewer, { org, name: "a" });
    expect(d.model.slug).toBe(a.slug);
    expect(d.days).toBe(90);
    expect(d.requestsByStatus).toEqual({ PENDING: 2, APPROVED: 1, REJECTED: 2, WITHDRAWN: 1, EXPIRED: 1, REVOKED: 1 });
    expect(d.medianHoursToDecision).toBeCloseTo(4, 6);

    expect(d.approvalsPerDay).toHaveLength(90);
    expect(d.approvalsPerDay[0]?.date).toBe(utcDay(89));
    expect(d.approvalsPerDay.at(-1)?.date).toBe(utcDay(0));
    expect(on(d.approvalsPerDay, utcDay(0))).toBe(1);
    expect(on(d.approvalsPerDay, utcDay(2))).toBe(1); // the expired grant was approved then
    expect(sum(d.approvalsPerDay)).toBe(2); // the revoked one was approved 100 days ago, outside
    expect(d.approvalsPerDay.filter((p) => p.count === 0)).toHaveLength(88);

    expect(d.downloadsPerDay).toHaveLength(90);
    expect(on(d.downloadsPerDay, utcDay(0))).toBe(3);
    expect(on(d.downloadsPerDay, utcDay(5))).toBe(1);
    expect(sum(d.downloadsPerDay)).toBe(4);
    expect(d).toMatchObject({ totalDownloads: 5, distinctDownloaders: 2 });
  });

  it("the window follows ?days= (a query string), and refuses a window out of range", async () => {
    const { a, org, admin, reviewer } = await world();
    await seedModelA(a.id, reviewer.id, admin.id);
    const week = await getModelDashboard(admin, { org, name: "a" }, { days: "7" as never });
    expect(week.approvalsPerDay).toHaveLength(7);
    expect(week.downloadsPerDay).toHaveLength(7);
    expect(sum(week.approvalsPerDay)).toBe(2);
    const year = await getModelDashboard(admin, { org, name: "a" }, { days: 365 });
    expect(year.approvalsPerDay).toHaveLength(365);
    expect(sum(year.approvalsPerDay)).toBe(3);
    expect(sum(year.downloadsPerDay)).toBe(5);
    for (const days of [0, 366, 1.5])
      await expect(getModelDashboard(admin, { org, name: "a" }, { days })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("a model without requests or downloads: zeros, a flat series and no median", async () => {
    const { org, admin } = await world();
    const d = await getModelDashboard(admin, { org, name: "b" }, { days: 30 });
    expect(d.requestsByStatus).toEqual({ PENDING: 0, APPROVED: 0, REJECTED: 0, WITHDRAWN: 0, EXPIRED: 0, REVOKED: 0 });
    expect(d.medianHoursToDecision).toBeNull();
    expect(d.approvalsPerDay).toHaveLength(30);
    expect(sum(d.approvalsPerDay) + sum(d.downloadsPerDay)).toBe(0);
    expect(d).toMatchObject({ totalDownloads: 0, distinctDownloaders: 0 });
  });

  it("a reviewer of A gets NOT_FOUND for B; a researcher and a READ-scope admin token NOT_FOUND; anonymous SIGN_IN_REQUIRED", async () => {
    const { a, b, org, reviewer, admin } = await world();
    const { caller: researcher } = await createResearcher();
    const before = await snapshot([a.id, b.id]);
    const cases: [Caller | null, string, string, number][] = [
      [reviewer, "b", "NOT_FOUND", 404],
      [researcher, "a", "NOT_FOUND", 404],
      [{ ...admin, scope: "READ" }, "a", "NOT_FOUND", 404],
      [null, "a", "SIGN_IN_REQUIRED", 401],
    ];
    for (const [caller, name, code, status] of cases) {
      await expect(getModelDashboard(caller, { org, name })).rejects.toMatchObject({ code, status });
      // Who may look comes before what they asked: a bad window is still a 404 for outsiders.
      await expect(getModelDashboard(caller, { org, name }, { days: -1 })).rejects.toMatchObject({ code, status });
    }
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });
});
