import { describe, expect, it } from "vitest";
import { findTokenCaller } from "@/lib/auth/find-token-caller";
import { db } from "@/lib/db";
import { callerOf, createResearcher } from "@/lib/testing/factories";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";
import { hashToken } from "./token-hash";
import { expectAppError } from "@/lib/testing/expect-app-error";

const tokenRows = (userId: string) => db.apiToken.findMany({ where: { userId }, orderBy: { id: "asc" } });
const audits = (userId: string) =>
  db.auditEvent.findMany({
    where: { targetType: "ApiToken", data: { path: ["userId"], equals: userId } },
    orderBy: { seq: "asc" },
  });

describe("API tokens", () => {
  it("creates an hf_ token shown once, stores only its hash, audits, and the token stands for its user", async () => {
    const { user, caller } = await createResearcher();
    const created = await createApiToken(caller, { name: "laptop", expiresInDays: 7 });
    expect(created.token).toMatch(/^hf_[0-9A-Za-z]{37}$/);
    expect(created).toMatchObject({ name: "laptop", scope: "READ", prefix: created.token.slice(0, 9) });
    const stored = await db.apiToken.findFirstOrThrow({ where: { userId: user.id }, select: { tokenHash: true } });
    expect(stored.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(await db.apiToken.findMany({ where: { userId: user.id } }))).not.toContain(created.token);
    expect((await audits(user.id)).map((a) => [a.action, a.actorId])).toEqual([["token.created", user.id]]);
    expect(await findTokenCaller(`Bearer ${created.token}`)).toEqual({ ...caller, scope: "READ" });
    expect((await listApiTokens(caller)).map((t) => [t.prefix, t.active, t.lastUsedAt !== null])).toEqual([
      [created.prefix, true, true],
    ]);
  });

  it("refuses revoked, expired, unknown and malformed tokens, and tokens of suspended accounts, each saying why", async () => {
    const { user, caller } = await createResearcher();
    const a = await createApiToken(caller, { name: "a" });
    const b = await createApiToken(caller, { name: "b" });
    await revokeApiToken(caller, a);
    await expectAppError(findTokenCaller(`Bearer ${a.token}`), "UNAUTHORIZED", {
      userMessage: "The token was revoked.",
    });
    await db.apiToken.update({ where: { id: b.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(findTokenCaller(`Bearer ${b.token}`)).rejects.toMatchObject({ userMessage: "The token has expired." });
    const unknown = "Unknown, expired or revoked token: create a new one on your tokens page.";
    await expect(findTokenCaller(`Bearer hf_${"x".repeat(37)}`)).rejects.toMatchObject({ userMessage: unknown });
    // A Hugging Face token (34 characters after hf_) is well formed, just not one of ours.
    await expect(findTokenCaller(`Bearer hf_${"y".repeat(34)}`)).rejects.toMatchObject({ userMessage: unknown });
    await expect(findTokenCaller("Bearer abc")).rejects.toMatchObject({
      userMessage: "This is not a registry token (they start with hf_).",
    });
    await expect(findTokenCaller(`Basic ${a.token}`)).rejects.toMatchObject({
      userMessage: "The Authorization header must be `Bearer <token>`.",
    });
    const c = await createApiToken(caller, { name: "c" });
    await db.user.update({ where: { id: user.id }, data: { status: "SUSPENDED" } });
    await expect(findTokenCaller(`Bearer ${c.token}`)).rejects.toMatchObject({
      userMessage: "The account of this token is suspended.",
    });
  });

  it("only admins create admin tokens; a token cannot mint tokens; revoking is per owner (404) and idempotent", async () => {
    const { user, caller } = await createResearcher();
    const { user: admin, caller: adminCaller } = await createResearcher({ role: "ADMIN" });
    const before = await tokenRows(user.id);
    await expectAppError(createApiToken(caller, { name: "x", scope: "ADMIN" }), "VALIDATION_FAILED", {
      fields: { scope: ["Only administrators can create admin tokens"] },
    });
    await expectAppError(createApiToken({ ...caller, scope: "READ" }, { name: "x" }), "FORBIDDEN");
    await expect(createApiToken(caller, { name: "", expiresInDays: 0 })).rejects.toMatchObject({ name: "ZodError" });
    await expectAppError(createApiToken(null, { name: "x" }), "SIGN_IN_REQUIRED");
    expect(await tokenRows(user.id)).toEqual(before);
    expect(await audits(user.id)).toEqual([]);

    const adminToken = await createApiToken(adminCaller, { name: "ci", scope: "ADMIN" });
    expect(await findTokenCaller(`Bearer ${adminToken.token}`)).toMatchObject({
      id: admin.id,
      role: "ADMIN",
      scope: "ADMIN",
    });
    await expectAppError(revokeApiToken(caller, adminToken), "NOT_FOUND");
    expect((await tokenRows(admin.id))[0]?.revokedAt).toBeNull();
    const first = await revokeApiToken(callerOf(admin), adminToken);
    const second = await revokeApiToken(callerOf(admin), adminToken);
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect((await audits(admin.id)).map((a) => a.action)).toEqual(["token.created", "token.revoked"]);
  });
});
