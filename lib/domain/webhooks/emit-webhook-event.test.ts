import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createModel, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { emitWebhookEvent } from "./emit-webhook-event";

const tracked = trackTestRows();
// Jobs of deliveries deleted with their webhooks would only find nothing; remove them.
afterAll(
  async () =>
    void (await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'deliver-webhook' AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d.id = data->>'deliveryId')`),
);

// Every webhook here points at a unique host, which is how assertions find only their own rows.
const createHook = (data: { events: string[]; modelId?: string | null; active?: boolean }) =>
  db.webhook.create({
    data: {
      url: `https://hooks-${uid()}.example.test/in`,
      secret: "sealed-not-used-here",
      events: data.events,
      modelId: data.modelId ?? null,
      active: data.active ?? true,
    },
  });

const deliveriesOf = (webhookIds: string[]) =>
  db.webhookDelivery.findMany({ where: { webhookId: { in: webhookIds } }, orderBy: { webhookId: "asc" } });
const jobsFor = (deliveryIds: string[]) =>
  db.$queryRaw<{ data: { deliveryId: string }; retry_limit: number; retry_delay: number; retry_backoff: boolean }[]>`
    SELECT data, retry_limit, retry_delay, retry_backoff FROM pgboss.job WHERE name = 'deliver-webhook' AND data->>'deliveryId' = ANY(${deliveryIds})`;

describe("emitWebhookEvent", () => {
  it("creates one PENDING delivery and one job per active subscribed webhook: global and the model's own", async () => {
    const model = await createModel();
    const other = await createModel();
    tracked.modelIds.push(model.id, other.id);
    const global = await createHook({ events: ["access_request.approved", "access_request.created"] });
    const own = await createHook({ events: ["access_request.approved"], modelId: model.id });
    const otherModels = await createHook({ events: ["access_request.approved"], modelId: other.id });
    const otherEvent = await createHook({ events: ["access_request.rejected"] });
    const inactive = await createHook({ events: ["access_request.approved"], active: false });
    const all = [global, own, otherModels, otherEvent, inactive].map((h) => h.id);
    try {
      const data = { requestId: "req_1", model: model.slug, status: "APPROVED" };
      await db.$transaction((tx) =>
        emitWebhookEvent(tx, { event: "access_request.approved", modelId: model.id, data }),
      );

      const rows = await deliveriesOf(all);
      expect(rows.map((r) => r.webhookId).sort()).toEqual([global.id, own.id].sort());
      const [first, second] = rows;
      expect(first?.eventId).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(second?.eventId).toBe(first?.eventId);
      for (const r of rows) {
        expect(r).toMatchObject({ status: "PENDING", attempts: 0, event: "access_request.approved" });
        expect(r.payload).toEqual({
          id: r.eventId,
          type: "access_request.approved",
          createdAt: expect.any(String),
          data,
        });
      }
      const jobs = await jobsFor(rows.map((r) => r.id));
      expect(jobs.map((j) => j.data.deliveryId).sort()).toEqual(rows.map((r) => r.id).sort());
      // Retried with exponential backoff from WEBHOOK_RETRY_DELAY_SECONDS, up to WEBHOOK_MAX_ATTEMPTS.
      for (const j of jobs)
        expect([j.retry_limit, j.retry_delay, j.retry_backoff]).toEqual([
          env.WEBHOOK_MAX_ATTEMPTS,
          env.WEBHOOK_RETRY_DELAY_SECONDS,
          true,
        ]);
    } finally {
      await db.webhook.deleteMany({ where: { id: { in: all } } });
    }
  });

  it("sends an event of no model only to global webhooks", async () => {
    const model = await createModel();
    tracked.modelIds.push(model.id);
    const global = await createHook({ events: ["license.accepted"] });
    const own = await createHook({ events: ["license.accepted"], modelId: model.id });
    try {
      await db.$transaction((tx) => emitWebhookEvent(tx, { event: "license.accepted", modelId: null, data: {} }));
      expect((await deliveriesOf([global.id, own.id])).map((r) => r.webhookId)).toEqual([global.id]);
    } finally {
      await db.webhook.deleteMany({ where: { id: { in: [global.id, own.id] } } });
    }
  });

  it("leaves no delivery and no job when the transaction rolls back", async () => {
    const hook = await createHook({ events: ["access_request.withdrawn"] });
    try {
      let inside: string[] = [];
      await expect(
        db.$transaction(async (tx) => {
          await emitWebhookEvent(tx, { event: "access_request.withdrawn", modelId: null, data: {} });
          inside = (await tx.webhookDelivery.findMany({ where: { webhookId: hook.id } })).map((d) => d.id);
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      expect(inside).toHaveLength(1);
      expect(await deliveriesOf([hook.id])).toHaveLength(0);
      expect(await jobsFor(inside)).toHaveLength(0);
    } finally {
      await db.webhook.deleteMany({ where: { id: hook.id } });
    }
  });

  it("writes nothing when no webhook listens", async () => {
    const hook = await createHook({ events: ["file.ready"] });
    try {
      await db.$transaction((tx) => emitWebhookEvent(tx, { event: "file.failed", modelId: null, data: {} }));
      expect(await deliveriesOf([hook.id])).toHaveLength(0);
    } finally {
      await db.webhook.deleteMany({ where: { id: hook.id } });
    }
  });
});
