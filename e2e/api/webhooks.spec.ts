// Webhooks through the real stack: an admin registers an endpoint of a model of the spec's own; a
// reviewer's approval in the app reaches a local receiver through the real worker, signed so that
// the standardwebhooks library verifies it; a 500 is retried (the e2e stack retries after ~1 s).
// Non-admins are refused (404, READ token 403) and nothing is written.
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startTestReceiver } from "../../lib/webhooks/test-receiver";
import { client, expectError, expectJson } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { reviewWorld } from "../fixtures/review-world";

type Created = { webhook: { id: string; url: string; model: string | null }; secret: string };
type Delivery = {
  id: string;
  eventId: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  payload: { id: string; type: string; data: Record<string, unknown> };
};

const webhooksAt = (url: string) =>
  withDb(async (c) => (await c.query(`SELECT id FROM "Webhook" WHERE url = $1`, [url])).rows);

test("an approval reaches a local receiver, signed; after a 500 it is retried and succeeds", async ({ request }) => {
  const w = await reviewWorld();
  const receiver = await startTestReceiver([500, 200]);
  const admin = client(request, w.people.admin);
  let hookId: string | undefined;
  try {
    const created = await expectJson<Created>(
      await admin.post("/api/v1/admin/webhooks", {
        url: receiver.url,
        events: ["access_request.approved"],
        model: w.model.slug,
      }),
      201,
    );
    hookId = created.webhook.id;
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({ url: receiver.url, model: w.model.slug });

    const requestId = await w.request({ status: "PENDING" });
    await expectJson(
      await client(request, w.people.reviewer).post(`/api/v1/review/requests/${requestId}/decision`, {
        decision: "APPROVE",
      }),
      200,
    );

    // The worker's first attempt gets the 500; pg-boss retries it with backoff.
    await expect.poll(() => receiver.received.length, { timeout: 30_000, message: "attempts received" }).toBe(2);
    const [first, second] = receiver.received;
    const verifier = new Webhook(created.secret);
    for (const got of [first, second]) {
      const event = verifier.verify(
        got?.body ?? "",
        (got?.headers ?? {}) as Record<string, string>,
      ) as Delivery["payload"];
      expect(event).toMatchObject({
        type: "access_request.approved",
        data: { requestId, model: w.model.slug, status: "APPROVED", reasonCode: "APPROVED_BY_REVIEWER" },
      });
      expect(got?.headers["content-type"]).toBe("application/json");
    }
    // One event, two attempts: the same webhook-id, each signed afresh.
    expect(second?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    // A receiver with another secret refuses it.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(
        first?.body ?? "",
        first?.headers as Record<string, string>,
      ),
    ).toThrow();

    const log = async () =>
      (
        await expectJson<{ deliveries: Delivery[] }>(
          await admin.get(`/api/v1/admin/webhooks/${hookId}/deliveries`),
          200,
        )
      ).deliveries;
    await expect.poll(async () => (await log())[0]?.status, { message: "delivery status" }).toBe("SUCCEEDED");
    const [delivery] = await log();
    expect(delivery).toMatchObject({
      event: "access_request.approved",
      attempts: 2,
      responseStatus: 200,
      eventId: first?.headers["webhook-id"],
    });
    expect((await log()).length).toBe(1);
  } finally {
    if (hookId) await admin.del(`/api/v1/admin/webhooks/${hookId}`);
    await receiver.close();
    await w.remove();
  }
});

test("non-admins cannot list or register webhooks (404; READ token 403; anonymous 401); bad input is refused; nothing written", async ({
  request,
}) => {
  const w = await reviewWorld();
  const receiver = await startTestReceiver([200]);
  try {
    const body = { url: receiver.url, events: ["access_request.created"], model: w.model.slug };
    for (const who of [w.callers.researcher, w.callers.reviewer, w.callers.otherReviewer]) {
      await expectError(await request.get("/api/v1/admin/webhooks", { headers: who.headers }), 404, "NOT_FOUND");
      await expectError(
        await request.post("/api/v1/admin/webhooks", { headers: who.headers, data: body }),
        404,
        "NOT_FOUND",
      );
    }
    await expectError(
      await request.post("/api/v1/admin/webhooks", { headers: w.callers.adminReadToken.headers, data: body }),
      403,
      "FORBIDDEN",
    );
    await expectError(await request.post("/api/v1/admin/webhooks", { data: body }), 401, "SIGN_IN_REQUIRED");
    const admin = client(request, w.people.admin);
    await expectError(
      await admin.post("/api/v1/admin/webhooks", { ...body, url: "ftp://127.0.0.1/x" }),
      422,
      "VALIDATION_FAILED",
    );
    await expectError(
      await admin.post("/api/v1/admin/webhooks", { ...body, events: ["nothing.happened"] }),
      422,
      "VALIDATION_FAILED",
    );
    await expectError(
      await admin.post("/api/v1/admin/webhooks", { ...body, model: "no-such-org/no-such-model" }),
      422,
      "VALIDATION_FAILED",
    );
    expect(await webhooksAt(receiver.url)).toEqual([]);
  } finally {
    await receiver.close();
    await w.remove();
  }
});
