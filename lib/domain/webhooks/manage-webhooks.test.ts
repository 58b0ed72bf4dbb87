import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/queue";
import { callerOf, createModel, createResearcher, createUser, uid, createModelReviewer } from "@/lib/testing/factories";
import { createWebhook } from "./create-webhook";
import { deleteWebhook } from "./delete-webhook";
import { getWebhook } from "./get-webhook";
import { listWebhooks } from "./list-webhooks";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { updateWebhook } from "./update-webhook";
import { openWebhookSecret } from "./webhook-secret";
import { expectAppError } from "@/lib/testing/expect-app-error";

// Both settings of WEBHOOK_ALLOW_PRIVATE_ADDRESSES in one file: the flag is read through this proxy.
const flags = vi.hoisted(() => ({ allowPrivate: false }));
vi.mock("@/lib/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/lib/env")>();
  return {
    env: new Proxy(env, {
      get: (t, k) => (k === "WEBHOOK_ALLOW_PRIVATE_ADDRESSES" ? flags.allowPrivate : Reflect.get(t, k)),
    }),
  };
});
beforeEach(() => void (flags.allowPrivate = false));

const modelIds: string[] = [];
const hookIds: string[] = [];
beforeAll(async () => void (await getBoss()));
afterAll(async () => {
  await db.webhook.deleteMany({ where: { id: { in: hookIds } } });
  await db.model.deleteMany({ where: { id: { in: modelIds } } });
  await (await getBoss()).stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
});

const admin = async () => callerOf(await createUser({ role: "ADMIN" }));
// Webhooks here are scoped to a fresh model, so events of test files running alongside never reach them.
const freshModel = async () => {
  const m = await createModel();
  modelIds.push(m.id);
  return m;
};
/** A public address as an IP literal: accepted without DNS (the machine has none). */
const publicUrl = () => `https://93.184.215.14/hooks/${uid()}`;
const create = async (caller: Parameters<typeof createWebhook>[0], input: Parameters<typeof createWebhook>[1]) => {
  const out = await createWebhook(caller, input);
  hookIds.push(out.webhook.id);
  return out;
};
const auditOf = (targetId: string) =>
  db.auditEvent.findMany({
    where: { targetId },
    orderBy: { seq: "asc" },
    select: { action: true, actorId: true, modelId: true, data: true },
  });
const hooksAt = (url: string) => db.webhook.findMany({ where: { url } });

describe("createWebhook", () => {
  it("an admin registers an endpoint: the secret is returned once, stored sealed, never in the view; audited", async () => {
    const a = await admin();
    const model = await freshModel();
    const url = publicUrl();
    const { webhook, secret } = await create(a, {
      url,
      events: ["access_request.approved", "access_request.approved", "file.ready"],
      model: model.slug.toUpperCase(),
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhook).toMatchObject({
      url,
      events: ["access_request.approved", "file.ready"],
      model: model.slug,
      active: true,
      createdBy: a.email,
      lastDelivery: null,
    });
    expect(JSON.stringify(webhook)).not.toContain("whsec_");
    const row = await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.secret).not.toContain(secret.slice(6));
    expect(openWebhookSecret(row.secret)).toBe(secret);
    expect(await auditOf(webhook.id)).toEqual([
      {
        action: "webhook.created",
        actorId: a.id,
        modelId: model.id,
        data: { url, events: ["access_request.approved", "file.ready"], model: model.slug, active: true },
      },
    ]);
  });

  it("refuses non-admins with 404 (researchers, reviewers), a READ token with 403, nobody with 401; nothing written", async () => {
    const model = await freshModel();
    const { caller: researcher } = await createResearcher();
    const reviewerUser = await createUser();
    await createModelReviewer(reviewerUser.id, model.id);
    const readToken = { ...(await admin()), scope: "READ" as const };
    const url = publicUrl();
    const input = { url, events: ["access_request.created" as const], model: model.slug };
    await expectAppError(createWebhook(researcher, input), "NOT_FOUND");
    await expectAppError(createWebhook(callerOf(reviewerUser), input), "NOT_FOUND");
    await expectAppError(createWebhook(readToken, input), "FORBIDDEN");
    await expectAppError(createWebhook(null, input), "SIGN_IN_REQUIRED");
    expect(await hooksAt(url)).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "webhook.created", modelId: model.id } })).toBe(0);
  });

  it.each([
    ["https://127.0.0.1/hook", "127.0.0.1, a loopback address"],
    ["https://10.1.2.3/hook", "a private network address"],
    ["https://[::ffff:127.0.0.1]/hook", "a loopback address"],
    ["https://169.254.169.254/latest/meta-data", "a link-local address"],
    ["https://[fd00::1]/hook", "unique-local"],
    ["https://100.64.1.1/hook", "carrier-grade NAT"],
    ["https://0.0.0.0/hook", "the unspecified address"],
    ["http://93.184.215.14/hook", "must use https://"],
  ])("refuses %s with 400 WEBHOOK_URL_NOT_ALLOWED saying why; nothing written", async (url, why) => {
    const a = await admin();
    await expectAppError(createWebhook(a, { url, events: ["file.ready"] }), "WEBHOOK_URL_NOT_ALLOWED", {
      userMessage: expect.stringContaining(why),
    });
    expect(await hooksAt(url)).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "webhook.created", actorId: a.id } })).toBe(0);
  });

  it("with WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true, a local http receiver is accepted", async () => {
    flags.allowPrivate = true;
    const model = await freshModel();
    const url = `http://127.0.0.1:9/hooks/${uid()}`;
    const { webhook } = await create(await admin(), { url, events: ["file.ready"], model: model.slug, active: false });
    expect(webhook).toMatchObject({ url, active: false });
  });

  it("refuses malformed input (422) and an unknown model; nothing written", async () => {
    const a = await admin();
    for (const input of [
      { url: "ftp://93.184.215.14/x", events: ["file.ready"] },
      { url: "not a url", events: ["file.ready"] },
      { url: "https://user:pw@93.184.215.14/x", events: ["file.ready"] },
      { url: publicUrl(), events: [] },
      { url: publicUrl(), events: ["nope"] },
      { url: publicUrl(), events: ["file.ready"], secret: "mine" },
    ])
      await expect(createWebhook(a, input as never)).rejects.toMatchObject({ name: "ZodError" });
    const url = publicUrl();
    await expectAppError(
      createWebhook(a, { url, events: ["file.ready"], model: `nobody-${uid()}/none` }),
      "VALIDATION_FAILED",
      { fields: { model: [expect.stringContaining("No model")] } },
    );
    expect(await hooksAt(url)).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "webhook.created", actorId: a.id } })).toBe(0);
  });
});

describe("update, rotate, delete", () => {
  const setup = async () => {
    const a = await admin();
    const model = await freshModel();
    const { webhook, secret } = await create(a, {
      url: publicUrl(),
      events: ["access_request.created"],
      model: model.slug,
    });
    return { a, model, webhook, secret };
  };

  it("disable and enable are audited; repeating changes nothing; events can change", async () => {
    const { a, webhook } = await setup();
    expect((await updateWebhook(a, webhook, { active: false })).webhook.active).toBe(false);
    expect(await updateWebhook(a, webhook, { active: false })).toMatchObject({ changed: false });
    await updateWebhook(a, webhook, { active: true });
    const { webhook: after } = await updateWebhook(a, webhook, {
      events: ["access_request.created", "license.accepted"],
    });
    expect(after.events).toEqual(["access_request.created", "license.accepted"]);
    expect((await auditOf(webhook.id)).map((e) => e.action)).toEqual([
      "webhook.created",
      "webhook.disabled",
      "webhook.enabled",
      "webhook.updated",
    ]);
  });

  it("rotating gives a new secret, stored sealed, audited without it", async () => {
    const { a, webhook, secret } = await setup();
    const rotated = await rotateWebhookSecret(a, webhook);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect(openWebhookSecret((await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } })).secret)).toBe(
      rotated.secret,
    );
    const audit = await auditOf(webhook.id);
    expect(audit.at(-1)).toMatchObject({ action: "webhook.secret_rotated", actorId: a.id });
    expect(JSON.stringify(audit)).not.toContain("whsec_");
  });

  it("deleting removes the endpoint and its deliveries, audited", async () => {
    const { a, webhook } = await setup();
    await db.webhookDelivery.create({
      data: { webhookId: webhook.id, eventId: `msg_${uid()}`, event: "ping", payload: {} },
    });
    expect(await deleteWebhook(a, webhook)).toEqual({ id: webhook.id, deleted: true });
    expect(await db.webhook.findUnique({ where: { id: webhook.id } })).toBeNull();
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
    expect((await auditOf(webhook.id)).at(-1)).toMatchObject({
      action: "webhook.deleted",
      data: { url: webhook.url, deliveries: 1 },
    });
  });

  it("a researcher gets 404 from every operation and nothing changes; an unknown id is 404", async () => {
    const { a, webhook } = await setup();
    const { caller: researcher } = await createResearcher();
    const before = await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    for (const call of [
      () => updateWebhook(researcher, webhook, { active: false }),
      () => rotateWebhookSecret(researcher, webhook),
      () => deleteWebhook(researcher, webhook),
      () => getWebhook(researcher, webhook),
      () => listWebhooks(researcher),
    ])
      await expectAppError(call(), "NOT_FOUND");
    expect(await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } })).toEqual(before);
    expect((await auditOf(webhook.id)).map((e) => e.action)).toEqual(["webhook.created"]);
    await expectAppError(updateWebhook(a, { id: `missing${uid()}` }, { active: false }), "NOT_FOUND");
  });

  it("list and get show the last delivery and counts, never the secret", async () => {
    const { a, webhook } = await setup();
    await db.webhookDelivery.create({
      data: {
        webhookId: webhook.id,
        eventId: `msg_${uid()}`,
        event: "ping",
        payload: {},
        status: "FAILED",
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await db.webhookDelivery.create({
      data: {
        webhookId: webhook.id,
        eventId: `msg_${uid()}`,
        event: "access_request.created",
        payload: {},
        status: "SUCCEEDED",
        responseStatus: 204,
      },
    });
    const listed = (await listWebhooks(a)).webhooks.find((w) => w.id === webhook.id);
    expect(listed?.lastDelivery).toMatchObject({
      event: "access_request.created",
      status: "SUCCEEDED",
      responseStatus: 204,
    });
    const { webhook: one } = await getWebhook(a, webhook);
    expect(one.deliveries).toEqual({ PENDING: 0, SUCCEEDED: 1, FAILED: 1 });
    expect(JSON.stringify(one)).not.toMatch(/whsec_|secret/);
  });
});
