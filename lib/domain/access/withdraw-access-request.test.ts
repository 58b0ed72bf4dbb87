import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { anonymous } from "@/lib/testing/callers";
import { cleanup, createGatedModel, createRequest, createResearcher, gateSnapshot, uid } from "@/lib/testing/factories";
import { getAccessState } from "./get-access-state";
import { withdrawAccessRequest } from "./withdraw-access-request";

const modelIds: string[] = [];
afterAll(() => cleanup({ modelIds }));

type Status = NonNullable<Parameters<typeof createRequest>[0]["status"]>;
const setup = async (status: Status = "PENDING") => {
  const model = await createGatedModel({ org: `wd${uid()}`, gating: "MANUAL" });
  modelIds.push(model.id);
  const { user, caller } = await createResearcher();
  const request = await createRequest({ userId: user.id, modelId: model.id, status });
  return {
    model,
    user,
    caller,
    request,
    ref: { org: model.org, name: model.name },
    snap: () => gateSnapshot({ userId: user.id, modelId: model.id }),
  };
};
const refused = async (snap: () => Promise<unknown>, call: () => Promise<unknown>) => {
  const before = await snap();
  const error = await call().then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(await snap()).toEqual(before);
  return error as AppError;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("withdrawAccessRequest", () => {
  it("withdraws the caller's own pending request, with an audit row; the gate then asks for a new request", async () => {
    const { model, user, caller, request, ref } = await setup();
    const before = Date.now();
    expect(await withdrawAccessRequest(caller, { id: request.id })).toEqual({ id: request.id, status: "WITHDRAWN" });
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.status).toBe("WITHDRAWN");
    expect(row.withdrawnAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audit = await db.auditEvent.findMany({ where: { targetId: request.id } });
    expect(audit.map((a) => [a.action, a.actorId, a.modelId, a.targetType])).toEqual([
      ["access_request.withdrawn", user.id, model.id, "AccessRequest"],
    ]);
    expect((await getAccessState(caller, ref)).code).toBe("REQUEST_REQUIRED");
  });

  it("answers NOT_FOUND for another user's request (and an unknown id), leaving it unchanged", async () => {
    const { request, snap } = await setup();
    const { caller: intruder } = await createResearcher();
    expect(await refused(snap, () => withdrawAccessRequest(intruder, { id: request.id }))).toMatchObject({
      code: "NOT_FOUND",
      status: 404,
    });
    expect(await refused(snap, () => withdrawAccessRequest(intruder, { id: `nope-${uid()}` }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it.each(["APPROVED", "REJECTED", "WITHDRAWN", "EXPIRED", "REVOKED"] as const)(
    "refuses a %s request with CONFLICT, unchanged",
    async (status) => {
      const { caller, request, snap } = await setup(status);
      const e = await refused(snap, () => withdrawAccessRequest(caller, { id: request.id }));
      expect(e).toMatchObject({ code: "CONFLICT", status: 409 });
      expect(e.userMessage).toContain(status.toLowerCase());
    },
  );

  it("asks an anonymous caller to sign in, unchanged", async () => {
    const { request, snap } = await setup();
    expect(await refused(snap, () => withdrawAccessRequest(anonymous, { id: request.id }))).toMatchObject({
      code: "SIGN_IN_REQUIRED",
      status: 401,
    });
  });

  it("two simultaneous withdrawals: one wins, one audit row", async () => {
    const { caller, request } = await setup();
    const settled = await Promise.allSettled([
      withdrawAccessRequest(caller, { id: request.id }),
      withdrawAccessRequest(caller, { id: request.id }),
    ]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { targetId: request.id, action: "access_request.withdrawn" } })).toBe(1);
  });

  it("a reviewer deciding while the withdrawal runs wins: the request stays APPROVED, no withdrawal audited", async () => {
    const { e, status, auditRows } = await withdrawWhileReviewerApproves();
    expect(e).toBeInstanceOf(AppError);
    expect([status, auditRows]).toEqual(["APPROVED", 0]);
  });

  it("the race loser gets a 409 ALREADY_DECIDED, not a pending message", async () => {
    const { e } = await withdrawWhileReviewerApproves();
    expect(e).toMatchObject({ status: 409, code: "ALREADY_DECIDED" });
  });
});

/** Deterministic race: a reviewer approves and holds the row lock while the withdrawal's update waits on it. */
const withdrawWhileReviewerApproves = async () => {
  const { caller, request } = await setup();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const reviewer = db.$transaction(
    async (tx) => {
      await tx.accessRequest.update({ where: { id: request.id }, data: { status: "APPROVED", decidedAt: new Date() } });
      locked();
      await held;
    },
    { timeout: 30_000 },
  );
  await isLocked;
  const withdrawal = withdrawAccessRequest(caller, { id: request.id }).then(
    () => null,
    (e: unknown) => e,
  );
  // Its findFirst still reads PENDING (uncommitted approval); wait until its conditional update blocks.
  for (let i = 0; i < 100; i++) {
    const waiting = await db.$queryRaw<
      unknown[]
    >`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%withdrawnAt%'`;
    if (waiting.length) break;
    await sleep(50);
  }
  release();
  await reviewer;
  const e = (await withdrawal) as AppError | null;
  const status = (await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).status;
  return { e, status, auditRows: await db.auditEvent.count({ where: { targetId: request.id } }) };
};
