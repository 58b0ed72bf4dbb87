import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { cleanup, createUser, uid } from "@/lib/testing/factories";
import { syncAdminRole } from "./sync-admin-role";

// The harness sets ADMIN_EMAILS=boss@admins.test. User emails are unique, so each test stores a
// differently-cased variant (or none) and passes the address the sign-in would pass.
const userIds: string[] = [];
afterAll(() => cleanup({ userIds }));

const newUser = async (data: Parameters<typeof createUser>[0] = {}) => {
  const u = await createUser(data);
  userIds.push(u.id);
  return u;
};
const roleOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).role;
const auditRows = (userId: string) =>
  db.auditEvent.findMany({ where: { action: "user.role_changed", targetId: userId } });

describe("syncAdminRole", () => {
  it("does not promote a listed address the identity provider did not verify, and writes nothing", async () => {
    const user = await newUser({ email: `boss@ADMINS.test` });
    expect(await syncAdminRole({ userId: user.id, email: user.email, emailVerified: false })).toBe(false);
    expect(await roleOf(user.id)).toBe("RESEARCHER");
    expect(await auditRows(user.id)).toHaveLength(0);
  });

  it("promotes a listed e-mail (case-insensitively) and writes exactly one audit row; a second call writes nothing", async () => {
    const user = await newUser({ email: "Boss@Admins.Test" });
    expect(await syncAdminRole({ userId: user.id, email: user.email })).toBe(true);
    expect(await roleOf(user.id)).toBe("ADMIN");
    const rows = await auditRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: null,
      targetType: "User",
      targetId: user.id,
      modelId: null,
      data: { to: "ADMIN", reason: "ADMIN_EMAILS" },
    });

    expect(await syncAdminRole({ userId: user.id, email: "BOSS@ADMINS.TEST" })).toBe(false);
    expect(await roleOf(user.id)).toBe("ADMIN");
    expect(await auditRows(user.id)).toHaveLength(1);
  });

  it("writes one audit row when two sign-ins race", async () => {
    const user = await newUser();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => syncAdminRole({ userId: user.id, email: "boss@admins.test" })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await roleOf(user.id)).toBe("ADMIN");
    expect(await auditRows(user.id)).toHaveLength(1);
  });

  it("leaves a user whose e-mail is not listed unchanged, with no audit row", async () => {
    const user = await newUser();
    for (const email of [
      user.email,
      `boss@admins.test.${uid()}.example`,
      "boss@admins.tes",
      "other+boss@admins.test",
      null,
      undefined,
      "",
    ])
      expect(await syncAdminRole({ userId: user.id, email })).toBe(false);
    expect(await roleOf(user.id)).toBe("RESEARCHER");
    expect(await auditRows(user.id)).toHaveLength(0);
  });

  it("does not audit an existing admin, and never demotes an admin who is not listed", async () => {
    const listed = await newUser({ role: "ADMIN" });
    expect(await syncAdminRole({ userId: listed.id, email: "boss@admins.test" })).toBe(false);
    const unlisted = await newUser({ role: "ADMIN" });
    expect(await syncAdminRole({ userId: unlisted.id, email: unlisted.email })).toBe(false);
    expect([await roleOf(listed.id), await roleOf(unlisted.id)]).toEqual(["ADMIN", "ADMIN"]);
    expect([...(await auditRows(listed.id)), ...(await auditRows(unlisted.id))]).toHaveLength(0);
  });

  it("rolls the promotion back when the audit row cannot be written (same transaction)", async () => {
    const user = await newUser();
    vi.resetModules();
    vi.doMock("@/lib/domain/audit/append-audit-event", () => ({
      appendAuditEvent: async () => {
        throw new Error("audit store unavailable");
      },
    }));
    try {
      const { syncAdminRole: syncWithBrokenAudit } = await import("./sync-admin-role");
      await expect(syncWithBrokenAudit({ userId: user.id, email: "boss@admins.test" })).rejects.toThrow(
        "audit store unavailable",
      );
    } finally {
      vi.doUnmock("@/lib/domain/audit/append-audit-event");
      vi.resetModules();
    }
    expect(await roleOf(user.id)).toBe("RESEARCHER");
    expect(await auditRows(user.id)).toHaveLength(0);
  });
});
