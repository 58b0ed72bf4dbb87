import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createModel } from "@/lib/testing/factories";
import { generateWebhookSecret } from "@/lib/webhooks/sign-webhook";
import { startTestReceiver } from "@/lib/webhooks/test-receiver";
import { deliverWebhook, WebhookAttemptError } from "./deliver-webhook";
import { newWebhookEventId } from "./emit-webhook-event";
import { sealWebhookSecret } from "./webhook-secret";

const modelIds: string[] = [];
const receivers: { close: () => Promise<void> }[] = [];
afterEach(async () => void (await Promise.all(receivers.splice(0).map((r) => r.close()))));
afterAll(async () => void (await db.model.deleteMany({ where: { id: { in: modelIds } } })));

/** A receiver answering `statuses` in turn, a webhook of a fresh model pointing at it, one PENDING delivery. */
const setup = async (statuses: number[], hook: { active?: boolean } = {}) => {
  const receiver = await startTestReceiver(statuses);
  receivers.push(receiver);
  const model = await createModel();
  modelIds.push(model.id);
  const secret = generateWebhookSecret();
  const webhook = await db.webhook.create({
    data: {
      url: receiver.url,
      secret: sealWebhookSecret(secret),
      events: ["access_request.approved"],
      modelId: model.id,
      active: hook.active ?? true,
    },
  });
  const eventId = newWebhookEventId();
  const payload = {
    id: eventId,
    type: "access_request.approved",
    createdAt: new Date().toISOString(),
    data: { requestId: "r1", model: model.slug },
  };
  const delivery = await db.webhookDelivery.create({
    data: { webhookId: webhook.id, eventId, event: "access_request.approved", payload },
  });
  const row = () => db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
  return { receiver, secret, eventId, payload, delivery, row };
};
const local = { allowPrivate: true, timeoutMs: 5_000 };

describe("deliverWebhook", () => {
  it("POSTs the payload signed as Standard Webhooks; a 2xx marks it SUCCEEDED with status and time; never sent twice", async () => {
    const { receiver, secret, eventId, payload, delivery, row } = await setup([200]);
    expect(await deliverWebhook({ deliveryId: delivery.id }, local)).toBe("SUCCEEDED");
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0] as (typeof receiver.received)[number];
    expect(got.headers["webhook-id"]).toBe(eventId);
    // Verified exactly as a receiver would, with the secret shown to the admin.
    expect(new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).toEqual(payload);
    expect(await row()).toMatchObject({
      status: "SUCCEEDED",
      attempts: 1,
      responseStatus: 200,
      responseTimeMs: expect.any(Number),
      lastError: null,
      deliveredAt: expect.any(Date),
    });

    // A job that runs again (worker killed after the response, before completing) sends nothing.
    expect(await deliverWebhook({ deliveryId: delivery.id }, local)).toBe("SKIPPED");
    expect(receiver.received).toHaveLength(1);
    expect((await row()).attempts).toBe(1);
  });

  it("a 500 then a 200: the first attempt is recorded and thrown for a retry, the second succeeds with the same webhook-id", async () => {
    const { receiver, secret, eventId, delivery, row } = await setup([500, 200]);
    await expect(deliverWebhook({ deliveryId: delivery.id }, local)).rejects.toBeInstanceOf(WebhookAttemptError);
    expect(await row()).toMatchObject({
      status: "PENDING",
      attempts: 1,
      responseStatus: 500,
      lastError: "HTTP 500",
      deliveredAt: null,
    });
    expect(await deliverWebhook({ deliveryId: delivery.id }, local)).toBe("SUCCEEDED");
    expect(await row()).toMatchObject({ status: "SUCCEEDED", attempts: 2, responseStatus: 200, lastError: null });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([eventId, eventId]);
    for (const r of receiver.received)
      expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
  });

  it("the attempt that reaches the maximum marks it FAILED and stops", async () => {
    const { receiver, delivery, row } = await setup([503]);
    const opts = { ...local, maxAttempts: 3 };
    await expect(deliverWebhook({ deliveryId: delivery.id }, opts)).rejects.toBeInstanceOf(WebhookAttemptError);
    await expect(deliverWebhook({ deliveryId: delivery.id }, opts)).rejects.toBeInstanceOf(WebhookAttemptError);
    expect(await deliverWebhook({ deliveryId: delivery.id }, opts)).toBe("FAILED");
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 3, responseStatus: 503, lastError: "HTTP 503" });
    expect(await deliverWebhook({ deliveryId: delivery.id }, opts)).toBe("SKIPPED");
    expect(receiver.received).toHaveLength(3);
  });

  it("a redirect is a failed attempt and is not followed", async () => {
    const { receiver, delivery, row } = await setup([301]);
    await expect(deliverWebhook({ deliveryId: delivery.id }, local)).rejects.toThrow("HTTP 301");
    expect(receiver.received.map((r) => r.path)).toEqual(["/hooks"]);
    expect(await row()).toMatchObject({ status: "PENDING", responseStatus: 301 });
  });

  it("without WEBHOOK_ALLOW_PRIVATE_ADDRESSES a loopback receiver is refused at delivery time: FAILED with the reason, nothing sent", async () => {
    const { receiver, delivery, row } = await setup([200]);
    expect(await deliverWebhook({ deliveryId: delivery.id }, { ...local, allowPrivate: false })).toBe("FAILED");
    expect(receiver.received).toHaveLength(0);
    expect(await row()).toMatchObject({
      status: "FAILED",
      attempts: 1,
      responseStatus: null,
      lastError: expect.stringContaining("127.0.0.1, a loopback address"),
    });
  });

  it("a disabled endpoint gets nothing; a deleted delivery is skipped", async () => {
    const { receiver, delivery, row } = await setup([200], { active: false });
    expect(await deliverWebhook({ deliveryId: delivery.id }, local)).toBe("FAILED");
    expect(await row()).toMatchObject({
      status: "FAILED",
      attempts: 0,
      lastError: expect.stringContaining("disabled"),
    });
    expect(receiver.received).toHaveLength(0);
    expect(await deliverWebhook({ deliveryId: "no-such-delivery" }, local)).toBe("SKIPPED");
  });
});
