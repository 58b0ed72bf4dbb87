import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cleanup, createUser, uid } from "@/lib/testing/factories";
import { makeAdmin } from "./make-admin";

const userIds: string[] = [];
afterAll(() => cleanup({ userIds }));

const newUser = async (data: Parameters<typeof createUser>[0] = {}) => {
  const u = await createUser(data);
  userIds.push(u.id);
  return u;
};
const promote = (email: string) => db.$transaction((tx) => makeAdmin(tx, { email, actorId: null, via: "ops" }));
const roleRows = (userId: string) =>
  db.auditEvent.findMany({ where: { action: "user.role_changed", targetId: userId } });

describe("makeAdmin", () => {
  it("promotes a user found by e-mail (any case) with one audit row; again: nothing changes", async () => {
    const user = await newUser({ email: `Mixed.${uid()}@Example.test` });
    const first = await promote(user.email!.toUpperCase());
    expect(first).toMatchObject({ changed: true, user: { id: user.id, role: "ADMIN" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("ADMIN");
    const rows = await roleRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: null,
      targetType: "User",
      modelId: null,
      data: { to: "ADMIN", via: "ops" },
    });

    expect(await promote(user.email!)).toMatchObject({ changed: false });
    expect(await roleRows(user.id)).toHaveLength(1);
  });

  it("two promotions at once write one audit row", async () => {
    const user = await newUser();
    const results = await Promise.all([promote(user.email!), promote(user.email!), promote(user.email!)]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await roleRows(user.id)).toHaveLength(1);
  });

  it("an unknown address is refused (NOT_FOUND, saying how users come to exist) and creates no one", async () => {
    const email = `nobody-${uid()}@example.test`;
    const error = await promote(email).then(
      () => expect.fail("expected a refusal"),
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect((error as Error).message).toMatch(/sign in once, or use create-token\/grant/);
    // No user means nothing an audit row could be about: the refusal wrote nothing.
    expect(await db.user.count({ where: { email: { equals: email, mode: "insensitive" } } })).toBe(0);
  });

  it("a malformed address is a validation error before any lookup", async () => {
    await expect(promote("not-an-email")).rejects.toMatchObject({ name: "ZodError" });
  });
});
