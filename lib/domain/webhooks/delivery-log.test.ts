import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/queue";
import { callerOf, createModel, createResearcher, createUser, uid } from "@/lib/testing/factories";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { redeliverWebhookDelivery } from "./redeliver-webhook-delivery";
import { sendWebhookPing } from "./send-webhook-ping";
import { expectAppError } from "@/lib/testing/expect-app-error";

const modelIds: string[] = [];
beforeAll(async () => void (await getBoss()));
afterAll(async () => {
  // Cascades to the webhooks of these models and their deliveries; their queued jobs then find nothing.
  await db.model.deleteMany({ where: { id: { in: modelIds } } });
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'deliver-webhook' AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d.id = data->>'deliveryId')`;
  await (await getBoss()).stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
});

const setup = async ({ active = true } = {}) => {
  const model = await createModel();
  modelIds.push(model.id);
  const webhook = await db.webhook.create({
    data: { url: "https://93.184.215.14/in", secret: "sealed", events: ["file.ready"], modelId: model.id, active },
  });
  const admin = callerOf(await createUser({ role: "ADMIN" }));
  const delivery = (data: { status?: "PENDING" | "SUCCEEDED" | "FAILED"; createdAt?: Date; attempts?: number } = {}) =>
    db.webhookDelivery.create({
      data: {
        webhookId: webhook.id,
        eventId: `msg_${uid()}`,
        event: "file.ready",
        payload: { id: "x", type: "file.ready", data: {} },
        responseStatus: 500,
        lastError: "HTTP 500",
        ...data,
      },
    });
  return { model, webhook, admin, delivery };
};
const jobsFor = (deliveryId: string) =>
  db.$queryRaw<
    { id: string }[]
  >`SELECT id::text FROM pgboss.job WHERE name = 'deliver-webhook' AND data->>'deliveryId' = ${deliveryId}`;
const auditOf = (targetId: string) =>
  db.auditEvent.findMany({ where: { targetId }, select: { action: true, actorId: true, data: true } });

describe("redeliverWebhookDelivery", () => {
  it("a FAILED delivery goes back to PENDING with the same event id, a fresh round of attempts and a queued job; audited", async () => {
    const { webhook, admin, delivery } = await setup();
    const failed = await delivery({ status: "FAILED", attempts: 8 });
    expect(await redeliverWebhookDelivery(admin, { id: webhook.id, deliveryId: failed.id })).toEqual({
      id: failed.id,
      status: "PENDING",
    });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      eventId: failed.eventId,
      status: "PENDING",
      attempts: 0,
      responseStatus: null,
      lastError: null,
    });
    expect(await jobsFor(failed.id)).toHaveLength(1);
    expect(await auditOf(failed.id)).toEqual([
      {
        action: "webhook.redelivered",
        actorId: admin.id,
        data: {
          webhookId: webhook.id,
          eventId: failed.eventId,
          event: "file.ready",
          previous: { status: "FAILED", attempts: 8, responseStatus: 500 },
        },
      },
    ]);
  });

  it("refuses a delivery still in progress, a disabled endpoint, another webhook's delivery and non-admins; nothing changes", async () => {
    const { webhook, admin, delivery } = await setup();
    const pending = await delivery({ status: "PENDING", attempts: 2 });
    const other = await setup({ active: false });
    const otherFailed = await other.delivery({ status: "FAILED" });
    const { caller: researcher } = await createResearcher();
    const snapshot = () =>
      db.webhookDelivery.findMany({ where: { id: { in: [pending.id, otherFailed.id] } }, orderBy: { id: "asc" } });
    const before = await snapshot();

    await expectAppError(redeliverWebhookDelivery(admin, { id: webhook.id, deliveryId: pending.id }), "CONFLICT");
    await expectAppError(
      redeliverWebhookDelivery(admin, { id: other.webhook.id, deliveryId: otherFailed.id }),
      "CONFLICT",
      { userMessage: expect.stringContaining("disabled") },
    );
    await expect(redeliverWebhookDelivery(admin, { id: webhook.id, deliveryId: otherFailed.id })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    await expectAppError(
      redeliverWebhookDelivery(researcher, { id: other.webhook.id, deliveryId: otherFailed.id }),
      "NOT_FOUND",
    );

    expect(await snapshot()).toEqual(before);
    expect([...(await jobsFor(pending.id)), ...(await jobsFor(otherFailed.id))]).toEqual([]);
    expect([...(await auditOf(pending.id)), ...(await auditOf(otherFailed.id))]).toEqual([]);
  });
});

describe("sendWebhookPing", () => {
  it("queues a ping delivery to that endpoint only, audited", async () => {
    const { webhook, admin } = await setup();
    const { deliveryId, eventId } = await sendWebhookPing(admin, webhook);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(row).toMatchObject({
      webhookId: webhook.id,
      eventId,
      event: "ping",
      status: "PENDING",
      payload: { id: eventId, type: "ping", data: { webhookId: webhook.id } },
    });
    expect(await jobsFor(deliveryId)).toHaveLength(1);
    expect(await auditOf(deliveryId)).toMatchObject([{ action: "webhook.ping_sent", actorId: admin.id }]);
  });

  it("refuses a researcher (404) and a disabled endpoint (409); nothing written", async () => {
    const { webhook } = await setup({ active: false });
    const { admin } = await setup();
    const { caller: researcher } = await createResearcher();
    await expectAppError(sendWebhookPing(researcher, webhook), "NOT_FOUND");
    await expectAppError(sendWebhookPing(admin, webhook), "CONFLICT");
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
  });
});

describe("listWebhookDeliveries", () => {
  it("newest first in keyset pages, with payloads; an unknown cursor is refused", async () => {
    const { webhook, admin, delivery } = await setup();
    const t = Date.now();
    const rows = [];
    for (let i = 0; i < 5; i++)
      rows.push(await delivery({ createdAt: new Date(t - (5 - i) * 1000), status: "SUCCEEDED" }));
    const newestFirst = rows.map((r) => r.id).reverse();

    const first = await listWebhookDeliveries(admin, webhook, { pageSize: 2 });
    expect(first.deliveries.map((d) => d.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.deliveries[0]).toMatchObject({
      event: "file.ready",
      status: "SUCCEEDED",
      payload: { type: "file.ready" },
    });
    const second = await listWebhookDeliveries(admin, webhook, { pageSize: 2, before: first.nextCursor as string });
    expect(second.deliveries.map((d) => d.id)).toEqual(newestFirst.slice(2, 4));
    const third = await listWebhookDeliveries(admin, webhook, { pageSize: 2, before: second.nextCursor as string });
    expect(third).toMatchObject({ nextCursor: null });
    expect(third.deliveries.map((d) => d.id)).toEqual(newestFirst.slice(4));

    await expectAppError(listWebhookDeliveries(admin, webhook, { before: `nope${uid()}` }), "VALIDATION_FAILED");
    const { caller: researcher } = await createResearcher();
    await expectAppError(listWebhookDeliveries(researcher, webhook, {}), "NOT_FOUND");
  });
});
