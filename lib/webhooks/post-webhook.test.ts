import { afterEach, describe, expect, it, vi } from "vitest";
import { startTestReceiver } from "./test-receiver";

// DNS answers are scripted so names resolve to the addresses a test needs, as an attacker's DNS could.
const answers = new Map<string, { address: string; family: number }[]>();
vi.mock("node:dns/promises", () => ({
  lookup: vi.fn(async (host: string) => {
    const a = answers.get(host);
    if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return a;
  }),
}));
const { postWebhook } = await import("./post-webhook");
const { resolveWebhookHost } = await import("./resolve-webhook-host");

const receivers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  answers.clear();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
const receiver = async (...args: Parameters<typeof startTestReceiver>) => {
  const r = await startTestReceiver(...args);
  receivers.push(r);
  return r;
};
const post = (url: string, allowPrivate: boolean, timeoutMs = 5_000) =>
  postWebhook({ url, headers: { "webhook-id": "msg_1" }, body: '{"a":1}', timeoutMs, allowPrivate });

describe("resolveWebhookHost", () => {
  it("refuses a name with any private address among its answers, naming the address and why", async () => {
    answers.set("mixed.example.test", [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]);
    await expect(resolveWebhookHost("https://mixed.example.test/x", { allowPrivate: false })).rejects.toMatchObject({
      reason: "NOT_ALLOWED",
      message: expect.stringContaining("10.0.0.7, a private network address"),
    });
    await expect(resolveWebhookHost("https://mixed.example.test/x", { allowPrivate: true })).resolves.toEqual({
      address: "93.184.215.14",
      family: 4,
    });
  });

  it("checks IP literals, bracketed IPv6 included, without DNS", async () => {
    await expect(resolveWebhookHost("http://[::ffff:127.0.0.1]:8080/", { allowPrivate: false })).rejects.toMatchObject({
      reason: "NOT_ALLOWED",
    });
    await expect(
      resolveWebhookHost("http://169.254.169.254/latest/meta-data", { allowPrivate: false }),
    ).rejects.toMatchObject({ reason: "NOT_ALLOWED" });
    await expect(resolveWebhookHost("https://[2606:4700:4700::1111]/", { allowPrivate: false })).resolves.toEqual({
      address: "2606:4700:4700::1111",
      family: 6,
    });
  });

  it("reports a name that does not resolve", async () => {
    await expect(resolveWebhookHost("https://nowhere.example.test/", { allowPrivate: false })).rejects.toMatchObject({
      reason: "UNRESOLVABLE",
    });
  });
});

describe("postWebhook", () => {
  it("refuses a loopback receiver by default and sends nothing; allowed with allowPrivate", async () => {
    const r = await receiver([204]);
    await expect(post(r.url, false)).rejects.toMatchObject({
      reason: "NOT_ALLOWED",
      message: expect.stringContaining("loopback"),
    });
    expect(r.received).toHaveLength(0);
    await expect(post(r.url, true)).resolves.toMatchObject({ status: 204, timeMs: expect.any(Number) });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]?.headers).toMatchObject({ "content-type": "application/json", "webhook-id": "msg_1" });
    expect(r.received[0]?.body).toBe('{"a":1}');
  });

  it("connects to the address it checked, whatever the name would resolve to later (no second lookup)", async () => {
    const r = await receiver([200]);
    answers.set("rebind.example.test", [{ address: "127.0.0.1", family: 4 }]);
    const sent = post(`http://rebind.example.test:${r.port}/hooks`, true);
    // Changing the answer after the check cannot redirect the request; and the name exists in no real
    // DNS, so reaching the receiver at all shows the socket used the checked address.
    answers.set("rebind.example.test", [{ address: "10.9.9.9", family: 4 }]);
    await expect(sent).resolves.toMatchObject({ status: 200 });
    expect(r.received[0]?.headers.host).toBe(`rebind.example.test:${r.port}`);
  });

  it("does not follow redirects: a 302 is the answer", async () => {
    const r = await receiver([302]);
    await expect(post(r.url, true)).resolves.toMatchObject({ status: 302 });
    expect(r.received.map((x) => x.path)).toEqual(["/hooks"]);
  });

  it("gives up after the timeout", async () => {
    const r = await receiver([200], { hang: true });
    await expect(post(r.url, true, 300)).rejects.toThrow("No response within 0.3 s");
  });
});
