import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { callerOf, cleanup, createModel, createUser, uid } from "@/lib/testing/factories";
import { seedAuditChain } from "@/lib/testing/seed-audit-chain";
import { listAuditEvents } from "./list-audit-events";
import { expectAppError } from "@/lib/testing/expect-app-error";

const HOUR = 3_600_000;
const modelIds: string[] = [];
// Audit rows stay (they are immutable, and keep their model ids); the models go.
afterAll(() => cleanup({ modelIds }));

/**
 * A small log of our own: 12 rows an hour apart from 2031-03-01T00:00Z, two actors, two models
 * and two actions under a prefix nobody else uses (other files append audit rows concurrently).
 */
const world = async () => {
  const ns = `lt${uid()}`;
  const admin = await createUser({ role: "ADMIN", name: "Ann Admin" });
  const alice = await createUser({ email: `Alice.${ns}@Example.test`, name: "Alice" });
  const bob = await createUser({ name: "Bob" });
  const m1 = await createModel({ org: ns, name: "one" });
  const m2 = await createModel({ org: ns, name: "two" });
  modelIds.push(m1.id, m2.id);
  await seedAuditChain(db, 12, {
    actorIds: [alice.id, bob.id, null],
    modelIds: [m1.id, m2.id],
    actions: [`${ns}.created`, `${ns}.created`, `${ns}.deleted`],
    start: new Date("2031-03-01T00:00:00Z"),
    stepMs: HOUR,
    targetId: (i) => `${ns}-${i}`,
  });
  return { ns, admin: callerOf(admin), alice, bob, m1, m2 };
};

/** Row i of the world (targetId `${ns}-i`), as indexes, for readable expectations. */
const indexes = (page: { events: { targetId: string }[] }) =>
  page.events.map((e) => Number(e.targetId.split("-").pop()));

describe("listAuditEvents", () => {
  it("refuses anonymous, non-admin and read-scope callers before reading the query, and writes nothing", async () => {
    const { ns, admin } = await world();
    const researcher = callerOf(await createUser());
    const before = await db.auditEvent.count({ where: { actorId: { in: [admin.id, researcher.id] } } });
    const bad = { pageSize: "9999" };
    await expectAppError(listAuditEvents(null, bad), "SIGN_IN_REQUIRED");
    await expectAppError(listAuditEvents(researcher, { action: `${ns}.created` }), "NOT_FOUND");
    await expectAppError(listAuditEvents(researcher, bad), "NOT_FOUND");
    await expectAppError(listAuditEvents({ ...admin, scope: "READ" }, { action: `${ns}.created` }), "FORBIDDEN");
    expect(await db.auditEvent.count({ where: { actorId: { in: [admin.id, researcher.id] } } })).toBe(before);
  });

  it("filters by exact action and by action prefix, newest first, resolving actor and model", async () => {
    const { ns, admin, alice, m1 } = await world();
    const deleted = await listAuditEvents(admin, { action: `${ns}.deleted` });
    expect(indexes(deleted)).toEqual([11, 8, 5, 2]);
    expect(deleted.nextCursor).toBeNull();
    expect(deleted.events.every((e) => e.action === `${ns}.deleted`)).toBe(true);

    for (const prefix of [`${ns}.`, `${ns}.*`])
      expect(indexes(await listAuditEvents(admin, { action: prefix }))).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect((await listAuditEvents(admin, { action: `${ns}.cre` })).events).toEqual([]);

    const [first] = (await listAuditEvents(admin, { action: `${ns}.created`, to: "2031-03-01T00:00:00Z" })).events;
    expect(first).toMatchObject({
      action: `${ns}.created`,
      createdAt: "2031-03-01T00:00:00.000Z",
      actor: { id: alice.id, email: alice.email, name: "Alice" },
      model: { id: m1.id, slug: m1.slug },
      targetType: "Seed",
      data: { n: 0, seeded: true },
    });
    expect(first?.seq).toMatch(/^\d+$/);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("filters by actor e-mail (any case) or id, by model slug, and combines filters", async () => {
    const { ns, admin, alice, bob, m2 } = await world();
    const action = `${ns}.`;
    for (const actor of [
      alice.email as string,
      (alice.email as string).toLowerCase(),
      (alice.email as string).toUpperCase(),
      alice.id,
    ])
      expect(indexes(await listAuditEvents(admin, { action, actor }))).toEqual([9, 6, 3, 0]);
    expect(indexes(await listAuditEvents(admin, { action, actor: bob.id }))).toEqual([10, 7, 4, 1]);
    expect(indexes(await listAuditEvents(admin, { model: m2.slug.toUpperCase() }))).toEqual([11, 9, 7, 5, 3, 1]);
    expect(indexes(await listAuditEvents(admin, { model: m2.slug, actor: alice.email as string }))).toEqual([9, 3]);
    expect(indexes(await listAuditEvents(admin, { model: m2.slug, actor: bob.id, action: `${ns}.deleted` }))).toEqual(
      [],
    );
    // Names that match nothing give an empty page, not an error.
    expect((await listAuditEvents(admin, { actor: `nobody-${ns}@example.test` })).events).toEqual([]);
    expect((await listAuditEvents(admin, { model: `${ns}/missing` })).events).toEqual([]);
    expect((await listAuditEvents(admin, { action: `${ns}.missing` })).events).toEqual([]);
  });

  it("filters by dates: from is inclusive, a date-only `to` covers that whole day (UTC)", async () => {
    const { ns, admin } = await world();
    const action = `${ns}.`;
    expect(indexes(await listAuditEvents(admin, { action, from: "2031-03-01T09:00:00Z" }))).toEqual([11, 10, 9]);
    expect(
      indexes(await listAuditEvents(admin, { action, from: "2031-03-01T01:00", to: "2031-03-01T03:00:00.000Z" })),
    ).toEqual([3, 2, 1]);
    expect(
      indexes(await listAuditEvents(admin, { action, from: "2031-03-01T02:00:00+01:00", to: "2031-03-01T01:30:00Z" })),
    ).toEqual([1]);
    expect((await listAuditEvents(admin, { action, to: "2031-03-01" })).events).toHaveLength(12);
    expect((await listAuditEvents(admin, { action, to: "2031-02-28" })).events).toEqual([]);
    expect((await listAuditEvents(admin, { action, from: "2031-03-02" })).events).toEqual([]);
  });

  it("pages with a keyset cursor: every row once, in order, ties on createdAt broken by seq", async () => {
    const { ns, admin } = await world();
    // Rows written within the same millisecond: the cursor must not skip or repeat any.
    await seedAuditChain(db, 7, {
      actions: [`${ns}.tied`],
      start: new Date("2031-03-05T00:00:00Z"),
      stepMs: 0,
      targetId: (i) => `${ns}-${100 + i}`,
    });
    const seen: number[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditEvents(admin, { action: `${ns}.`, pageSize: "3", ...(before ? { before } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(3);
      seen.push(...indexes(page));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before);
    expect(seen).toEqual([106, 105, 104, 103, 102, 101, 100, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(pages).toBe(7);
  });

  it("rejects bad queries with field errors", async () => {
    const { admin } = await world();
    for (const bad of [
      { pageSize: "201" },
      { pageSize: "0" },
      { from: "yesterday" },
      { to: "2031-13-01" },
      { before: "abc" },
      { action: "drop table" },
      { model: "no-slash" },
      { actor: "a b" },
    ])
      await expect(listAuditEvents(admin, bad)).rejects.toBeInstanceOf(ZodError);
    await expect(listAuditEvents(admin, { from: "2031-03-02", to: "2031-03-01" })).rejects.toMatchObject({
      issues: [{ path: ["to"] }],
    });
    await expectAppError(listAuditEvents(admin, { before: "999999999999999" }), "VALIDATION_FAILED", {
      fields: { before: [expect.any(String)] },
    });
  });
});
