// The app's database role: least privilege, and unable to rewrite the audit log.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { getBoss, queueName } from "@/lib/jobs/queue";
import { ownerUrl, withOwnerClient } from "@/lib/testing/owner-db";
import { grantAppRole, roleOfUrl } from "./app-role";

const appUrl = () => process.env.DATABASE_URL as string;
const asApp = <T>(fn: Parameters<typeof withOwnerClient<T>>[0]) => withOwnerClient(fn, appUrl());

afterAll(async () => {
  await (await getBoss()).stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
});

describe("the app role", () => {
  it("is not a superuser, owns no table of the public schema and cannot create roles or databases", async () => {
    const { rows } = await asApp((c) =>
      c.query<{ super: boolean; createrole: boolean; createdb: boolean; owned: number; me: string }>(
        `SELECT r.rolsuper AS super, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb, current_user AS me,
                (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
           FROM pg_roles r WHERE r.rolname = current_user`,
      ),
    );
    expect(rows[0]).toEqual({ super: false, createrole: false, createdb: false, owned: 0, me: roleOfUrl(appUrl()) });
    expect(roleOfUrl(appUrl())).not.toBe(roleOfUrl(ownerUrl()));
  });

  it("may only INSERT and SELECT on AuditEvent: UPDATE, DELETE, TRUNCATE, ALTER and replica mode are refused", async () => {
    const row = await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId: null, action: "test.app-role", targetType: "Test", targetId: "role" }),
    );
    const privileges = await asApp(async (c) => {
      const { rows } = await c.query<{ p: string; has: boolean }>(
        `SELECT p, has_table_privilege(current_user, '"AuditEvent"', p) AS has
           FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) AS p`,
      );
      return Object.fromEntries(rows.map((r) => [r.p, r.has]));
    });
    expect(privileges).toEqual({
      SELECT: true,
      INSERT: true,
      UPDATE: false,
      DELETE: false,
      TRUNCATE: false,
      REFERENCES: false,
      TRIGGER: false,
    });
    const refusals = [
      [`UPDATE "AuditEvent" SET action = 'test.forged' WHERE seq = ${row.seq}`, /permission denied/],
      [`DELETE FROM "AuditEvent" WHERE seq = ${row.seq}`, /permission denied/],
      [`TRUNCATE "AuditEvent"`, /permission denied/],
      [`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`, /must be owner/],
      [`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`, /must be owner/],
      [`DROP TRIGGER "AuditEvent_append_only" ON "AuditEvent"`, /must be owner/],
      [`SET session_replication_role = replica`, /permission denied/],
      [`ALTER TABLE "AuditEvent" OWNER TO CURRENT_USER`, /must be owner/],
    ] as const;
    for (const [sql, message] of refusals)
      await expect(
        asApp((c) => c.query(sql)),
        sql,
      ).rejects.toThrow(message);
    // Nothing changed: the row is as written, the triggers are on.
    const after = await db.auditEvent.findUniqueOrThrow({ where: { seq: row.seq } });
    expect([after.action, after.hash]).toEqual(["test.app-role", row.hash]);
    const triggers = await withOwnerClient((c) =>
      c.query<{ tgname: string; tgenabled: string }>(
        `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = '"AuditEvent"'::regclass AND NOT tgisinternal ORDER BY tgname`,
      ),
    );
    expect(triggers.rows).toEqual([
      { tgname: "AuditEvent_append_only", tgenabled: "O" },
      { tgname: "AuditEvent_no_truncate", tgenabled: "O" },
    ]);
  });

  it("still runs the queue: pg-boss's schema is the app role's, so it creates queues and sends jobs", async () => {
    const boss = await getBoss();
    const name = queueName(`test-role-${Date.now()}`);
    await boss.createQueue(name);
    const id = await boss.send(name, { hello: "world" });
    expect(id).toBeTruthy();
    const [job] = await boss.fetch(name);
    expect(job?.data).toEqual({ hello: "world" });
    await boss.complete(name, job!.id);
  });

  it("grantAppRole is idempotent, and a no-op when the app role is the owner itself", async () => {
    const appRole = roleOfUrl(appUrl());
    await grantAppRole({ ownerUrl: ownerUrl(), appRole });
    await grantAppRole({ ownerUrl: ownerUrl(), appRole });
    expect(await grantAppRole({ ownerUrl: ownerUrl(), appRole: roleOfUrl(ownerUrl()) })).toEqual({ granted: false });
    // The owner kept every right it had on the table.
    const owner = await withOwnerClient((c) =>
      c.query<{ has: boolean }>(`SELECT has_table_privilege(current_user, '"AuditEvent"', 'UPDATE') AS has`),
    );
    expect(owner.rows[0]?.has).toBe(true);
    await expect(grantAppRole({ ownerUrl: ownerUrl(), appRole: "no_such_role" })).rejects.toThrow(/does not exist/);
  });
});
