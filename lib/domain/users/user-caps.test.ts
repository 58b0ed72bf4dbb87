import { RateLimiterPostgres } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { submitAccessRequest } from "@/lib/domain/access/submit-access-request";
import { createApiToken } from "@/lib/domain/tokens/create-api-token";
import { sqlPool } from "@/lib/sql";
import { createGatedModel, createRequest, createResearcher, gateSnapshot, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { USER_CAPS, limitAcceptances } from "./user-caps";

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)),
  );

const { modelIds, emails } = trackTestRows();
const manualModel = async () => {
  const m = await createGatedModel({ org: `cap${uid()}`, gating: "MANUAL" });
  modelIds.push(m.id);
  return m;
};
const meta = { ip: null, userAgent: null };

describe("per-user caps", { timeout: 60_000 }, () => {
  it("refuses a token past the cap of active tokens with LIMIT_REACHED, writing nothing, even when asked at once", async () => {
    const { user, caller } = await createResearcher();
    // Revoked and expired tokens do not count.
    await db.apiToken.create({
      data: {
        userId: user.id,
        name: "old",
        scope: "READ",
        prefix: "hf_old",
        tokenHash: `x${uid()}`,
        expiresAt: new Date(0),
      },
    });
    for (let i = 0; i < USER_CAPS.activeTokens - 2; i++) await createApiToken(caller, { name: `s${i}` });
    // The last two places, asked for five times at once.
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createApiToken(caller, { name: `t${i}` }).then(
          () => "created",
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        ),
      ),
    );
    expect(results.filter((r) => r === "created")).toHaveLength(2);
    expect(results.filter((r) => r === "LIMIT_REACHED")).toHaveLength(3);
    const rows = () => db.apiToken.count({ where: { userId: user.id } });
    const audits = () => db.auditEvent.count({ where: { actorId: user.id, action: "token.created" } });
    const [before, auditsBefore] = [await rows(), await audits()];
    const e = await refusal(createApiToken(caller, { name: "one more" }));
    expect([e?.status, e?.code, e?.action]).toEqual([409, "LIMIT_REACHED", "/account/tokens"]);
    expect([await rows(), await audits()]).toEqual([before, auditsBefore]);
  });

  it("refuses a request past the cap of open requests with LIMIT_REACHED, writing nothing, even when asked at once", async () => {
    const { user, caller } = await createResearcher();
    emails.push(user.email!);
    // Decided requests do not count: only those waiting for a decision.
    for (const status of ["APPROVED", "REJECTED", "WITHDRAWN"] as const)
      await createRequest({ userId: user.id, modelId: (await manualModel()).id, status });
    for (let i = 0; i < USER_CAPS.openRequests - 2; i++)
      await createRequest({ userId: user.id, modelId: (await manualModel()).id });
    const submit = (m: Awaited<ReturnType<typeof manualModel>>) =>
      submitAccessRequest(caller, m, { answers: {}, licenseVersionId: m.licenseVersion.id }, meta);
    // The last two places, asked for five times at once (five models).
    const five = await Promise.all(Array.from({ length: 5 }, manualModel));
    const results = await Promise.all(
      five.map((m) =>
        submit(m).then(
          (r) => (r.created ? "created" : "returned"),
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        ),
      ),
    );
    expect(results.filter((r) => r === "created")).toHaveLength(2);
    expect(results.filter((r) => r === "LIMIT_REACHED")).toHaveLength(3);
    expect(await db.accessRequest.count({ where: { userId: user.id, status: "PENDING" } })).toBe(
      USER_CAPS.openRequests,
    );

    const other = await manualModel();
    const before = await gateSnapshot({ userId: user.id, modelId: other.id, email: user.email });
    const e = await refusal(submit(other));
    expect([e?.status, e?.code, e?.action]).toEqual([409, "LIMIT_REACHED", "/account/requests"]);
    expect(e?.userMessage).toContain(`${USER_CAPS.openRequests} requests waiting`);
    // No request, license acceptance, audit row or mail job.
    expect(await gateSnapshot({ userId: user.id, modelId: other.id, email: user.email })).toEqual(before);

    // A decision frees a place.
    const pending = await db.accessRequest.findFirstOrThrow({ where: { userId: user.id, status: "PENDING" } });
    await db.accessRequest.update({ where: { id: pending.id }, data: { status: "REJECTED", decidedAt: new Date() } });
    expect((await submit(other)).created).toBe(true);
  });

  it("limits license acceptances per user per minute with RATE_LIMITED and the wait", async () => {
    const limiter = new RateLimiterPostgres({
      storeClient: sqlPool(),
      storeType: "pool",
      tableName: "RateLimit",
      tableCreated: true,
      keyPrefix: `t-${uid()}`,
      points: 2,
      duration: 60,
      inMemoryBlockOnConsumed: 0,
    });
    const user = `u-${uid()}`;
    await limitAcceptances(user, limiter);
    await limitAcceptances(user, limiter);
    const e = await refusal(limitAcceptances(user, limiter));
    expect([e?.status, e?.code]).toEqual([429, "RATE_LIMITED"]);
    expect(e?.retryAfterSeconds).toBeGreaterThan(0);
  });
});
