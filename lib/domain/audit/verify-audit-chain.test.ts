import { afterAll, describe, expect, it } from "vitest";
import { db, type Tx } from "@/lib/db";
import { ownerDb } from "@/lib/testing/owner-db";
import { callerOf, createUser, uid } from "@/lib/testing/factories";
import { seedAuditChain } from "@/lib/testing/seed-audit-chain";
import { appendAuditEvent } from "./append-audit-event";
import { hashAuditEvent } from "./hash-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { verifyAuditChainFor } from "./verify-audit-chain-for";
import { expectAppError } from "@/lib/testing/expect-app-error";

/** Three consecutive rows of our own (one seeding batch is one locked transaction: nothing in between). */
const seedThree = async () => {
  const action = `vt${uid()}.row`;
  await seedAuditChain(db, 3, { actions: [action], data: (i) => ({ i, note: `row ${i}` }) });
  return db.auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });
};

/**
 * Tampers inside a transaction that is always rolled back, and verifies through that transaction.
 * Other test files read the whole chain concurrently (append-audit-event.test.ts does), so a
 * committed edit, even restored later, could make them fail; an uncommitted one is seen by us only.
 */
// Tampering takes the owner's credentials: the app's role may not write the table but by INSERT.
const owner = ownerDb();
afterAll(() => owner.$disconnect());

const withTampering = async (tamper: (tx: Tx) => Promise<unknown>) => {
  const rollback = new Error("rollback");
  let result: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
  await owner
    .$transaction(
      async (tx) => {
        // Replica mode skips the append-only triggers, as someone with direct database access could.
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        await tamper(tx);
        result = await verifyAuditChain({ client: tx, batchSize: 5000 });
        throw rollback;
      },
      { timeout: 180_000 },
    )
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return result as NonNullable<typeof result>;
};

// Every run walks the whole shared chain (200k+ rows once the export test has seeded): ~10 s each.
describe("verifyAuditChain", { timeout: 180_000 }, () => {
  it("finds the chain intact after bulk seeding and appends with awkward data", async () => {
    const { id: actorId } = await createUser();
    await seedAuditChain(db, 2500, { actions: [`vt${uid()}.bulk`], batchSize: 1000 });
    const awkward = {
      zeta: 1,
      alpha: [3, 1, 2, { b: "x", a: null }],
      // (Floats with 17 significant digits, such as 0.1 + 0.2, do not survive Prisma's Json writes.)
      third: 1 / 3,
      tiny: 1e-7,
      huge: 1e21,
      negative: -42.5,
      text: 'comma, "quote"\nnewline \\ backslash ünï ✓ 😀',
      when: new Date("2030-01-02T03:04:05.678Z"),
      empty: {},
      nested: { deep: { deeper: [[], [{}]] } },
    };
    const last = await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId, action: `vt${uid()}.awkward`, targetType: "Test", targetId: "x", data: awkward }),
    );
    const progress: number[] = [];
    const result = await verifyAuditChain({ batchSize: 1000, onProgress: (n) => progress.push(n) });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(BigInt(result.lastSeq as string)).toBeGreaterThanOrEqual(last.seq);
    expect(result.checked).toBeGreaterThanOrEqual(2501);
    expect(progress.at(-1)).toBe(result.checked);
    expect(progress.every((n, i) => i === 0 || n > (progress[i - 1] as number))).toBe(true);
  });

  it("a row edited directly in the database makes the verification fail at that row", async () => {
    const [, middle] = await seedThree();
    if (!middle) throw new Error("seeding failed");
    const result = await withTampering((tx) =>
      tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET data = '{"i": 1, "note": "forged"}' WHERE seq = $1`, middle.seq),
    );
    const forged = hashAuditEvent(middle.prevHash, { ...middle, data: { i: 1, note: "forged" } });
    expect(result).toEqual({
      ok: false,
      checked: expect.any(Number),
      firstBadSeq: middle.seq.toString(),
      reason: "hash_mismatch",
      expected: forged,
      actual: middle.hash,
    });
    // Nothing was committed: the row is as it was.
    expect(await db.auditEvent.findUniqueOrThrow({ where: { seq: middle.seq } })).toEqual(middle);
  });

  it("a forger who also rewrites the row's hash is caught at the next row", async () => {
    const [, middle, third] = await seedThree();
    if (!middle || !third) throw new Error("seeding failed");
    const data = { i: 1, note: "forged" };
    const rehashed = hashAuditEvent(middle.prevHash, { ...middle, data });
    const result = await withTampering((tx) =>
      tx.$executeRawUnsafe(
        `UPDATE "AuditEvent" SET data = $1::jsonb, hash = $2 WHERE seq = $3`,
        JSON.stringify(data),
        rehashed,
        middle.seq,
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      firstBadSeq: third.seq.toString(),
      reason: "prev_hash_mismatch",
      expected: rehashed,
      actual: middle.hash,
    });
  });

  it("a deleted row is caught at the row after it", async () => {
    const [first, middle, third] = await seedThree();
    if (!first || !middle || !third) throw new Error("seeding failed");
    const result = await withTampering((tx) =>
      tx.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = $1`, middle.seq),
    );
    expect(result).toMatchObject({
      ok: false,
      firstBadSeq: third.seq.toString(),
      reason: "prev_hash_mismatch",
      expected: first.hash,
      actual: middle.hash,
    });
    expect(await db.auditEvent.count({ where: { seq: middle.seq } })).toBe(1);
  });
});

describe("verifyAuditChainFor", { timeout: 180_000 }, () => {
  it("lets an admin verify and records the run with its result", async () => {
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    const result = await verifyAuditChainFor(admin);
    expect(result.ok).toBe(true);
    const row = await db.auditEvent.findFirstOrThrow({ where: { actorId: admin.id, action: "audit.verified" } });
    expect(row).toMatchObject({ targetType: "AuditLog", data: { ...result } });
  });

  it("refuses anonymous, non-admin and read-scope callers and records nothing", async () => {
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    const researcher = callerOf(await createUser());
    // Scoped to these callers: the ops CLI's tests record verifications (actor null) in the same database.
    const verifiedRows = () =>
      db.auditEvent.count({ where: { action: "audit.verified", actorId: { in: [admin.id, researcher.id] } } });
    const before = await verifiedRows();
    await expectAppError(verifyAuditChainFor(null), "SIGN_IN_REQUIRED");
    await expectAppError(verifyAuditChainFor(researcher), "NOT_FOUND");
    await expectAppError(verifyAuditChainFor({ ...admin, scope: "READ" }), "FORBIDDEN");
    expect(await verifiedRows()).toBe(before);
  });
});
