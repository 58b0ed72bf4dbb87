import { describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { callerOf, createGatedModel, createResearcher, createUser, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { assignReviewer } from "./assign-reviewer";
import { listModelReviewers } from "./list-model-reviewers";
import { unassignReviewer } from "./unassign-reviewer";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds } = trackTestRows();

const world = async () => {
  const org = `ar${uid()}`;
  const a = await createGatedModel({ org, name: "a" });
  const b = await createGatedModel({ org, name: "b" });
  modelIds.push(a.id, b.id);
  const { user: adminUser } = await createResearcher({ role: "ADMIN" });
  const { user: reviewerA } = await createResearcher({ name: "Rita Reviewer" });
  await db.modelReviewer.create({ data: { userId: reviewerA.id, modelId: a.id } });
  return {
    a,
    b,
    admin: callerOf(adminUser),
    reviewerA: callerOf(reviewerA),
    paramsA: { org, name: "a" },
    paramsB: { org, name: "b" },
  };
};

/** Everything an assignment can write for a model (and, given an e-mail, whether that user exists). */
const snapshot = async (modelId: string, email?: string) => ({
  reviewers: await db.modelReviewer.findMany({
    where: { modelId },
    select: { userId: true, assignedById: true },
    orderBy: { userId: "asc" },
  }),
  audit: (await db.auditEvent.findMany({ where: { modelId }, select: { seq: true }, orderBy: { seq: "asc" } })).map(
    (e) => e.seq.toString(),
  ),
  users: email ? await db.user.count({ where: { email } }) : 0,
});

describe("assignReviewer", () => {
  it("invites an unknown address: creates a RESEARCHER user (lower-cased e-mail), assigns, audits once; twice changes nothing", async () => {
    const { a, admin, paramsA } = await world();
    const email = `invitee-${uid()}@uni.example`;
    const first = await assignReviewer(admin, paramsA, { email: `  ${email.toUpperCase()} ` });
    expect(first).toMatchObject({ created: true, invited: true, reviewer: { email } });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("RESEARCHER");
    const row = await db.modelReviewer.findUniqueOrThrow({
      where: { userId_modelId: { userId: user.id, modelId: a.id } },
    });
    expect(row.assignedById).toBe(admin.id);
    const audit = await db.auditEvent.findMany({ where: { modelId: a.id, action: "reviewer.assigned" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      targetType: "User",
      targetId: user.id,
      data: { email, invited: true },
    });
    expect(await db.auditEvent.count({ where: { action: "user.created", targetId: user.id, actorId: admin.id } })).toBe(
      1,
    );

    const before = await snapshot(a.id, email);
    const again = await assignReviewer(admin, paramsA, { email });
    expect(again).toMatchObject({ created: false, invited: false, reviewer: { userId: user.id } });
    expect(await snapshot(a.id, email)).toEqual(before);
    expect(await db.auditEvent.count({ where: { targetId: user.id } })).toBe(2);
  });

  it("assigns an existing user; two simultaneous assignments make one row and one audit row", async () => {
    const { a, admin, paramsA } = await world();
    const { user } = await createResearcher();
    const results = await Promise.all([
      assignReviewer(admin, paramsA, { email: user.email as string }),
      assignReviewer(admin, paramsA, { email: user.email as string }),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(await db.modelReviewer.count({ where: { modelId: a.id, userId: user.id } })).toBe(1);
    expect(
      await db.auditEvent.count({ where: { modelId: a.id, action: "reviewer.assigned", targetId: user.id } }),
    ).toBe(1);
  });

  it("finds an account whose address was stored in mixed case (OAuth) instead of inviting a twin", async () => {
    const { a, admin, paramsA } = await world();
    const stored = `Ada.Mixed-${uid()}@Uni.Example`;
    const { id } = await createUser({ email: stored });
    const result = await assignReviewer(admin, paramsA, { email: stored.toLowerCase() });
    expect(result).toMatchObject({ created: true, invited: false, reviewer: { userId: id, email: stored } });
    expect(await db.user.count({ where: { email: { equals: stored, mode: "insensitive" } } })).toBe(1);
    expect(await db.modelReviewer.count({ where: { modelId: a.id, userId: id } })).toBe(1);
  });

  it("two simultaneous invitations of a new address make one user, one assignment and one row each in the audit", async () => {
    const { a, admin, paramsA } = await world();
    const email = `race-${uid()}@uni.example`;
    const results = await Promise.all([
      assignReviewer(admin, paramsA, { email }),
      assignReviewer(admin, paramsA, { email }),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await db.modelReviewer.count({ where: { modelId: a.id, userId: user.id } })).toBe(1);
    expect(
      (
        await db.auditEvent.findMany({
          where: { targetId: user.id },
          select: { action: true },
          orderBy: { seq: "asc" },
        })
      ).map((e) => e.action),
    ).toEqual(["user.created", "reviewer.assigned"]);
  });

  it("an unknown model is NOT_FOUND; a malformed e-mail is a ZodError (422 at the route); nothing is written", async () => {
    const { a, admin, paramsA } = await world();
    const email = `nobody-${uid()}@uni.example`;
    const before = await snapshot(a.id, email);
    await expectAppError(assignReviewer(admin, { org: paramsA.org, name: "missing" }, { email }), "NOT_FOUND");
    await expect(assignReviewer(admin, paramsA, { email: "not-an-address" })).rejects.toMatchObject({
      name: "ZodError",
    });
    expect(await snapshot(a.id, email)).toEqual(before);
  });

  it("refuses everyone but a signed-in admin, before looking at the input, and writes nothing", async () => {
    const { a, admin, reviewerA, paramsA } = await world();
    const { caller: researcher } = await createResearcher();
    const email = `refused-${uid()}@uni.example`;
    const before = await snapshot(a.id, email);
    const cases: [Caller | null, string, number][] = [
      [null, "SIGN_IN_REQUIRED", 401],
      [researcher, "NOT_FOUND", 404],
      [reviewerA, "NOT_FOUND", 404],
      [{ ...admin, scope: "READ" }, "FORBIDDEN", 403],
    ];
    for (const [caller, code, status] of cases) {
      await expect(assignReviewer(caller, paramsA, { email })).rejects.toMatchObject({ code, status });
      // A malformed body must not turn the refusal into a validation error.
      await expect(assignReviewer(caller, paramsA, { email: "x" })).rejects.toMatchObject({ code, status });
      await expect(unassignReviewer(caller, { ...paramsA, userId: reviewerA.id })).rejects.toMatchObject({
        code,
        status,
      });
    }
    expect(await snapshot(a.id, email)).toEqual(before);
  });
});

describe("unassignReviewer", () => {
  it("removes a reviewer with one audit row; removing again is NOT_FOUND and writes nothing", async () => {
    const { a, admin, reviewerA, paramsA } = await world();
    expect(await unassignReviewer(admin, { ...paramsA, userId: reviewerA.id })).toEqual({
      userId: reviewerA.id,
      removed: true,
    });
    expect(await db.modelReviewer.count({ where: { modelId: a.id } })).toBe(0);
    const audit = await db.auditEvent.findMany({ where: { modelId: a.id, action: "reviewer.unassigned" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, targetType: "User", targetId: reviewerA.id });

    const before = await snapshot(a.id);
    await expectAppError(unassignReviewer(admin, { ...paramsA, userId: reviewerA.id }), "NOT_FOUND");
    expect(await snapshot(a.id)).toEqual(before);
    // The former reviewer now sees nothing of the model.
    await expectAppError(listModelReviewers(reviewerA, paramsA), "NOT_FOUND");
  });
});

describe("listModelReviewers", () => {
  it("admins and the model's own reviewers read the list", async () => {
    const { a, admin, reviewerA, paramsA } = await world();
    const { user: second } = await createResearcher({ name: "Sam Second" });
    await assignReviewer(admin, paramsA, { email: second.email as string });
    for (const caller of [admin, reviewerA]) {
      const list = await listModelReviewers(caller, paramsA);
      expect(list.model).toBe(a.slug);
      expect(list.reviewers.map((r) => r.name)).toEqual(["Rita Reviewer", "Sam Second"]);
      expect(list.reviewers[1]?.assignedBy).toBe(admin.name ?? admin.email);
    }
  });

  it("a reviewer of A gets NOT_FOUND for B; a researcher NOT_FOUND; anonymous SIGN_IN_REQUIRED", async () => {
    const { reviewerA, paramsA, paramsB } = await world();
    const { caller: researcher } = await createResearcher();
    await expectAppError(listModelReviewers(reviewerA, paramsB), "NOT_FOUND");
    await expectAppError(listModelReviewers(researcher, paramsA), "NOT_FOUND");
    await expectAppError(listModelReviewers(null, paramsA), "SIGN_IN_REQUIRED");
  });
});
