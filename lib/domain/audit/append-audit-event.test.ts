import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { withOwnerClient } from "@/lib/testing/owner-db";
import { appendAuditEvent } from "./append-audit-event";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

describe("appendAuditEvent", () => {
  it("chains each row to the previous row's hash, even when written concurrently", async () => {
    const marker = `test-${Date.now()}`;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.$transaction((tx) =>
          appendAuditEvent(tx, {
            actorId: null,
            action: "test.event",
            targetType: "Test",
            targetId: `${marker}-${i}`,
            data: { i },
          }),
        ),
      ),
    );
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.length).toBeGreaterThanOrEqual(8);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(row.hash).toBe(hashAuditEvent(prev, row));
      prev = row.hash;
    }
  });

  it("rolls back with the transaction it belongs to", async () => {
    const where = { action: "test.rolled_back" };
    const before = await db.auditEvent.count({ where });
    await expect(
      db.$transaction(async (tx) => {
        await appendAuditEvent(tx, { actorId: null, action: "test.rolled_back", targetType: "Test", targetId: "x" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await db.auditEvent.count({ where })).toBe(before);
  });

  it("is refused by the database when someone edits or deletes a row", async () => {
    const row = await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId: null, action: "test.immutable", targetType: "Test", targetId: "y" }),
    );
    // The app's role has no UPDATE, DELETE or TRUNCATE on the table at all…
    await expect(db.auditEvent.update({ where: { seq: row.seq }, data: { action: "test.forged" } })).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.auditEvent.delete({ where: { seq: row.seq } })).rejects.toThrow(/permission denied/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/permission denied/);
    // …and the triggers refuse the owner too (short of disabling them, which only the owner can).
    await withOwnerClient(async (owner) => {
      await expect(
        owner.query(`UPDATE "AuditEvent" SET action = 'test.forged' WHERE seq = $1`, [row.seq]),
      ).rejects.toThrow(/immutable/);
      await expect(owner.query(`DELETE FROM "AuditEvent" WHERE seq = $1`, [row.seq])).rejects.toThrow(/immutable/);
      await expect(owner.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/immutable/);
    });
    const after = await db.auditEvent.findUniqueOrThrow({ where: { seq: row.seq } });
    expect(after.action).toBe("test.immutable");
    expect(after.hash).toBe(row.hash);
  });

  it("stores data exactly as hashed: floats, unicode and dates read back to the same hash", async () => {
    const data = {
      sum: 0.1 + 0.2,
      long: 123456789.12345678,
      huge: 1.7976931348623157e308,
      tiny: 5e-324,
      text: 'é 😀 "quoted" \\ back',
      when: new Date("2031-01-02T03:04:05.678Z"),
    };
    const written = await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId: null, action: "test.exact", targetType: "Test", targetId: "z", data }),
    );
    const row = await db.auditEvent.findUniqueOrThrow({ where: { seq: written.seq } });
    expect(row.data).toEqual({ ...data, when: "2031-01-02T03:04:05.678Z" });
    expect(hashAuditEvent(row.prevHash, row)).toBe(row.hash);
  });
});
