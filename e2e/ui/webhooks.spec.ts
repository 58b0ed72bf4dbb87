// The admin webhooks pages in the browser: register an endpoint (secret shown once), send a test
// event through the real worker to a local receiver, read it in the delivery log with its payload,
// and redeliver it (same webhook-id, audited). A reviewer gets the 404 page.
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startTestReceiver } from "../../lib/webhooks/test-receiver";
import { hydrated } from "../fixtures/audit";
import { withDb } from "../fixtures/db";
import { reviewWorld } from "../fixtures/review-world";
import { useSession } from "../fixtures/session";

const pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test("register an endpoint, send a test event, see it in the log and redeliver it", async ({ page, baseURL }) => {
  const w = await reviewWorld();
  const receiver = await startTestReceiver([200]);
  let hookId: string | undefined;
  try {
    await useSession(page.context(), baseURL as string, w.people.admin);
    await page.goto("/admin/webhooks");
    const form = page.getByRole("form", { name: "Register a webhook endpoint" });
    await hydrated(form.getByLabel("URL"));
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByLabel("access_request.approved").check();
    await form.getByLabel("license.accepted").check();
    await form.getByLabel("Model (optional)").fill(w.model.slug);
    await form.getByRole("button", { name: "Register endpoint" }).click();

    const secret = (await page.getByTestId("webhook-secret-value").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByTestId("webhook-row").filter({ hasText: receiver.url });
    await expect(row).toContainText(w.model.slug);
    await expect(row).toContainText("none yet");
    await row.getByRole("link", { name: receiver.url }).click();
    await page.waitForURL(/\/admin\/webhooks\/[^/]+$/);
    hookId = page.url().split("/").at(-1);
    await expect(page.getByTestId("deliveries-empty")).toBeVisible();

    await hydrated(page.getByRole("button", { name: "Send test event" }));
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000, message: "ping received" }).toBe(1);
    const first = receiver.received[0];
    const ping = new Webhook(secret).verify(first?.body ?? "", first?.headers as Record<string, string>);
    expect(ping).toMatchObject({ type: "ping", data: { webhookId: hookId } });

    // The log shows the delivery once the worker recorded it.
    const delivery = page.getByTestId("delivery-row").first();
    await expect(async () => {
      await page.reload();
      await expect(delivery.getByTestId("delivery-status")).toHaveText("succeeded", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(delivery).toContainText("ping");
    await expect(delivery.getByTestId("delivery-attempts")).toHaveText("1");
    await expect(delivery.getByTestId("delivery-response")).toHaveText("HTTP 200");
    await delivery.getByText("View").click();
    await expect(delivery.getByTestId("delivery-payload")).toContainText(`"webhookId": "${hookId}"`);

    await hydrated(delivery.getByRole("button", { name: /^Redeliver/ }));
    await delivery.getByRole("button", { name: /^Redeliver/ }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000, message: "redelivery received" }).toBe(2);
    expect(receiver.received[1]?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    expect(() =>
      new Webhook(secret).verify(
        receiver.received[1]?.body ?? "",
        receiver.received[1]?.headers as Record<string, string>,
      ),
    ).not.toThrow();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("delivery-row")).toHaveCount(1, { timeout: 1_000 });
      await expect(page.getByTestId("delivery-status").first()).toHaveText("succeeded", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const audit = await withDb(
      async (c) =>
        (
          await c.query(
            `SELECT action, "actorId" FROM "AuditEvent" WHERE action LIKE 'webhook.%' AND (data->>'webhookId' = $1 OR "targetId" = $1) ORDER BY seq`,
            [hookId],
          )
        ).rows,
    );
    expect(audit).toEqual([
      { action: "webhook.created", actorId: w.people.admin.userId },
      { action: "webhook.ping_sent", actorId: w.people.admin.userId },
      { action: "webhook.redelivered", actorId: w.people.admin.userId },
    ]);
  } finally {
    if (hookId) await withDb((c) => c.query(`DELETE FROM "Webhook" WHERE id = $1`, [hookId]));
    await receiver.close();
    await w.remove();
  }
});

test("a reviewer gets the not-found page for webhooks", async ({ page, baseURL }) => {
  const w = await reviewWorld();
  try {
    await useSession(page.context(), baseURL as string, w.people.reviewer);
    const res = await page.goto("/admin/webhooks");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("form", { name: "Register a webhook endpoint" })).toHaveCount(0);
  } finally {
    await w.remove();
  }
});
