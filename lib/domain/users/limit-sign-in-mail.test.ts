import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { uid } from "@/lib/testing/factories";
import { createSignInMailLimiters, limitSignInMail } from "./limit-sign-in-mail";

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "sent",
    (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)),
  );

describe("limitSignInMail", () => {
  it("allows N mails per address per hour, then RATE_LIMITED with the wait, in the message too", async () => {
    const limiters = createSignInMailLimiters({ perAddress: 2, perClient: 100, keyPrefix: `t-${uid()}` });
    const email = `a-${uid()}@example.test`;
    expect(await outcome(limitSignInMail({ email, ip: "198.51.100.1" }, limiters))).toBe("sent");
    // Case and spaces do not make another address.
    expect(await outcome(limitSignInMail({ email: ` ${email.toUpperCase()} `, ip: "198.51.100.2" }, limiters))).toBe(
      "sent",
    );
    const refused = await outcome(limitSignInMail({ email, ip: "198.51.100.3" }, limiters));
    expect(refused).toBeInstanceOf(AppError);
    const e = refused as AppError;
    expect([e.status, e.code]).toEqual([429, "RATE_LIMITED"]);
    expect(e.retryAfterSeconds).toBeGreaterThan(3000);
    expect(e.userMessage).toMatch(/Try again in \d+ (minutes?|hours?)\./);
    // Another address is not affected.
    expect(await outcome(limitSignInMail({ email: `b-${uid()}@example.test`, ip: "198.51.100.3" }, limiters))).toBe(
      "sent",
    );
  });

  it("limits one client across addresses, and a refusal does not spend the address's budget", async () => {
    const limiters = createSignInMailLimiters({ perAddress: 1, perClient: 2, keyPrefix: `t-${uid()}` });
    const ip = "203.0.113.9";
    for (let i = 0; i < 2; i++)
      expect(await outcome(limitSignInMail({ email: `c${i}-${uid()}@example.test`, ip }, limiters))).toBe("sent");
    const victim = `v-${uid()}@example.test`;
    expect((await outcome(limitSignInMail({ email: victim, ip }, limiters))) as AppError).toMatchObject({
      code: "RATE_LIMITED",
    });
    // The victim's one mail an hour is still there for a request from elsewhere.
    expect(await outcome(limitSignInMail({ email: victim, ip: "203.0.113.10" }, limiters))).toBe("sent");
  });
});
