import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashAuditEvent } from "@/lib/domain/audit/hash-audit-event";
import {
  createGrantee,
  createDownloadableModel,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import { recordDownloadEvents } from "./record-download-events";

const modelIds = trackDownloadModels();

const setup = async () => {
  const { model, version } = await createDownloadableModel(modelIds, [{ path: "a.bin" }, { path: "b.bin" }]);
  const { user, grant } = await createGrantee(model);
  const input = {
    userId: user.id,
    model,
    version,
    grantId: grant.id,
    files: version.files.map((f) => ({ id: f.id, path: f.path, size: f.size })),
    meta: { channel: "API" as const, ip: null, userAgent: "x".repeat(600) },
    issuedAt: new Date(),
    urlExpiresAt: new Date(Date.now() + 600_000),
    via: "manifest" as const,
  };
  return { user, grant, model, input };
};

// The full path (Prisma, quota and webhooks) and the plain-SQL fast path the gate read allows when it
// saw no quota and no webhook: both must behave the same.
describe.each([
  ["full path", {}],
  ["fast path", { hasQuota: false, hooked: false }],
])("recordDownloadEvents, %s", (_path, fast) => {
  const setupFor = async () => {
    const world = await setup();
    return { ...world, input: { ...world.input, ...fast } };
  };

  it("writes one event and one audit row per file, in one transaction, the audit rows chained", async () => {
    const { user, model, input } = await setupFor();
    const events = await recordDownloadEvents(input);
    expect(events).toHaveLength(2);
    const rows = await db.downloadEvent.findMany({ where: { userId: user.id }, orderBy: { fileId: "asc" } });
    expect(rows.map((r) => r.fileId).sort()).toEqual(input.files.map((f) => f.id).sort());
    expect(rows.every((r) => r.userAgent?.length === 512 && r.ip === null && r.channel === "API")).toBe(true);
    const audit = await db.auditEvent.findMany({
      where: { modelId: model.id, action: "download.issued" },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.targetId).sort()).toEqual(events.map((e) => e.id).sort());
    // Each row's hash is over its predecessor's and its own content, exactly as stored.
    for (const row of audit) expect(hashAuditEvent(row.prevHash, row)).toBe(row.hash);
    expect(audit[1]?.prevHash).toBe(audit[0]?.hash);
    expect(audit[0]?.data).toMatchObject({
      channel: "API",
      via: "manifest",
      requestId: input.grantId,
      countsTowardQuota: true,
    });
  });

  // The gate read the grant a moment earlier; a revocation or expiry committed since then wins.
  it.each([
    [
      "revoked meanwhile",
      { status: "REVOKED" as const, revokedAt: new Date(), reasonText: "Policy breach" },
      "GRANT_REVOKED",
    ],
    ["expired meanwhile", { status: "EXPIRED" as const }, "GRANT_EXPIRED"],
    ["past its end date", { expiresAt: new Date(Date.now() - 1_000) }, "GRANT_EXPIRED"],
  ])("refuses a grant %s and writes nothing", async (_, change, code) => {
    const { user, grant, model, input } = await setupFor();
    await db.accessRequest.update({ where: { id: grant.id }, data: change });
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const e = await recordDownloadEvents(input).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    if (code === "GRANT_REVOKED") expect((e as AppError).userMessage).toContain("Policy breach");
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });

  // On the fast path the webhook appears after the gate read (which saw none): the issuance notices
  // it in its transaction and takes the full path, so the event is not lost.
  it("emits one download.issued webhook event per issuance naming every file, never a URL; a refusal emits none", async () => {
    const { user, grant, model, input } = await setupFor();
    const hook = await db.webhook.create({
      data: { url: "https://receiver.example.test/", secret: "unused", events: ["download.issued"], modelId: model.id },
    });
    const events = await recordDownloadEvents(input);
    const deliveries = await db.webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(deliveries).toHaveLength(1);
    const payload = deliveries[0]?.payload as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe("download.issued");
    expect(payload.data).toEqual({
      model: model.slug,
      userId: user.id,
      email: user.email,
      requestId: grant.id,
      revision: input.version.commitSha,
      channel: "API",
      urlExpiresAt: input.urlExpiresAt.toISOString(),
      files: expect.arrayContaining(
        events.map((e) => ({
          downloadEventId: e.id,
          path: input.files.find((f) => f.id === e.fileId)?.path,
          countsTowardQuota: true,
        })),
      ),
    });
    expect(JSON.stringify(payload)).not.toMatch(/X-Amz|https?:\/\/(?!receiver)/);

    await db.accessRequest.update({ where: { id: grant.id }, data: { status: "REVOKED", revokedAt: new Date() } });
    await recordDownloadEvents(input).catch(() => null);
    expect(await db.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(1);
  });
});
