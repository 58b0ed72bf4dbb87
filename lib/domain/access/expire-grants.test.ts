import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createModel, createUser, createRequest } from "@/lib/testing/factories";
import { expireGrants } from "./expire-grants";

const DAY = 86_400_000;

const grant = async (expiresInDays: number) => {
  const user = await createUser();
  const model = await createModel({ gating: "AUTO" });
  const request = await createRequest({
    userId: user.id,
    modelId: model.id,
    status: "APPROVED",
    decidedAt: new Date(),
    expiresAt: new Date(Date.now() + expiresInDays * DAY),
  });
  return { user, model, request };
};

const jobsFor = (email: string, kind: string) =>
  db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ${email} AND data->>'kind' = ${kind}`.then(
    (r) => r[0]?.n,
  );

describe("expireGrants", () => {
  it("expires a grant past its date once, with its audit row and one mail, however often it runs", async () => {
    const { user, request } = await grant(-1);
    await Promise.all([expireGrants(), expireGrants()]);
    await expireGrants();
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("EXPIRED");
    expect(await db.auditEvent.count({ where: { targetId: request.id, action: "access_request.expired" } })).toBe(1);
    expect(await jobsFor(user.email as string, "grant-expired")).toBe(1);
  });

  it("sends the 7-day reminder once, and leaves the grant approved", async () => {
    const { user, request } = await grant(5);
    await Promise.all([expireGrants(), expireGrants()]);
    await expireGrants();
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.status).toBe("APPROVED");
    expect(row.reminderSentAt).not.toBeNull();
    expect(await jobsFor(user.email as string, "grant-expiring")).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: request.id, action: "access_request.reminder_sent" } })).toBe(
      1,
    );
  });

  it("leaves grants far from expiry alone", async () => {
    const { user, request } = await grant(30);
    await expireGrants();
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row).toMatchObject({ status: "APPROVED", reminderSentAt: null });
    expect(await db.auditEvent.count({ where: { targetId: request.id } })).toBe(0);
    expect(await jobsFor(user.email as string, "grant-expiring")).toBe(0);
  });
});
