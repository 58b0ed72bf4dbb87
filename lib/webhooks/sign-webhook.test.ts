import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook } from "./sign-webhook";

const body = JSON.stringify({
  id: "msg_1",
  type: "access_request.approved",
  createdAt: "2026-01-01T00:00:00.000Z",
  data: { requestId: "r1" },
});

describe("signWebhook", () => {
  it("generates whsec_ secrets of 32 random bytes", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("produces headers that the standardwebhooks library verifies, as a receiver would", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ secret, id: "msg_1", timestamp: new Date(), body });
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    // Same bytes as the reference implementation's own signer.
    expect(headers["webhook-signature"]).toBe(
      new Webhook(secret).sign("msg_1", new Date(Number(headers["webhook-timestamp"]) * 1000), body),
    );
  });

  it("is refused with another secret, a changed body or another id", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ secret, id: "msg_1", timestamp: new Date(), body });
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body.replace("r1", "r2"), headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow(
      WebhookVerificationError,
    );
  });

  it("a replay with an old timestamp is refused by the receiver even though the signature matches it", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ secret, id: "msg_1", timestamp: new Date(Date.now() - 10 * 60_000), body });
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/too old/i);
  });
});
