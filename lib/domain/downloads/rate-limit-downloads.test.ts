import pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { uid } from "@/lib/testing/factories";
import { createDownloadRateLimiter, rateLimitDownloads } from "./rate-limit-downloads";
import { refusal } from "@/lib/testing/expect-app-error";

// Another "process": its own connection pool and its own limiter object, same table and prefix.
const otherPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
afterAll(() => otherPool.end());

const otherProcessLimiter = (keyPrefix: string, points: number) =>
  new RateLimiterPostgres({
    storeClient: otherPool,
    storeType: "pool",
    tableName: "RateLimit",
    tableCreated: true,
    keyPrefix,
    points,
    duration: 60,
    inMemoryBlockOnConsumed: 0,
  });

describe("rateLimitDownloads", () => {
  it("allows `points` issuances per user, then refuses with RATE_LIMITED, a Retry-After and the next step", async () => {
    const limiter = createDownloadRateLimiter({ points: 2, keyPrefix: `t-${uid()}` });
    const user = `u-${uid()}`;
    await rateLimitDownloads(user, { slug: "a/b", limiter });
    await rateLimitDownloads(user, { slug: "a/b", limiter });
    const e = await refusal(rateLimitDownloads(user, { slug: "a/b", limiter }));
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.status).toBe(429);
    expect(e.retryAfterSeconds).toBeGreaterThan(0);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(e.userMessage).toBe(`Too many requests. Try again in ${e.retryAfterSeconds} s.`);
    expect(e.action).toBe("/models/a/b");
    // Another user's budget is untouched.
    await rateLimitDownloads(`u-${uid()}`, { slug: "a/b", limiter });
  });

  it("holds across two processes sharing the PostgreSQL store", async () => {
    const keyPrefix = `t-${uid()}`;
    const here = createDownloadRateLimiter({ points: 3, keyPrefix });
    const there = otherProcessLimiter(keyPrefix, 3);
    const user = `u-${uid()}`;
    await rateLimitDownloads(user, { slug: "a/b", limiter: here });
    await rateLimitDownloads(user, { slug: "a/b", limiter: there });
    await rateLimitDownloads(user, { slug: "a/b", limiter: here });
    expect((await refusal(rateLimitDownloads(user, { slug: "a/b", limiter: there }))).code).toBe("RATE_LIMITED");
    expect((await refusal(rateLimitDownloads(user, { slug: "a/b", limiter: here }))).code).toBe("RATE_LIMITED");
    const row = await otherPool.query<{ points: number }>(`SELECT points FROM "RateLimit" WHERE key = $1`, [
      `${keyPrefix}:${user}`,
    ]);
    expect(row.rows[0]?.points).toBe(5);
  });

  it("counts concurrent issuances exactly: of 20 at once against a limit of 7, exactly 7 pass", async () => {
    const keyPrefix = `t-${uid()}`;
    const limiters = [createDownloadRateLimiter({ points: 7, keyPrefix }), otherProcessLimiter(keyPrefix, 7)];
    const user = `u-${uid()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => rateLimitDownloads(user, { slug: "a/b", limiter: limiters[i % 2] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => (r.reason as AppError).code)).toEqual(Array(13).fill("RATE_LIMITED"));
  });

  it("frees the budget when the window ends", async () => {
    const limiter = createDownloadRateLimiter({ points: 1, durationSeconds: 1, keyPrefix: `t-${uid()}` });
    const user = `u-${uid()}`;
    await rateLimitDownloads(user, { slug: "a/b", limiter });
    expect((await refusal(rateLimitDownloads(user, { slug: "a/b", limiter }))).retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    await rateLimitDownloads(user, { slug: "a/b", limiter });
  });

  it("uses DOWNLOAD_RATE_LIMIT_PER_MINUTE (60 by default) per minute", () => {
    const limiter = createDownloadRateLimiter();
    expect(limiter.points).toBe(60);
    expect(limiter.duration).toBe(60);
  });

  it("lets a store failure through as an error, not as a refusal or a pass", async () => {
    const broken = new RateLimiterPostgres({
      storeClient: otherPool,
      storeType: "pool",
      tableName: "NoSuchTable",
      tableCreated: true,
      points: 5,
      duration: 60,
    });
    const e = await rateLimitDownloads(`u-${uid()}`, { slug: "a/b", limiter: broken }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(AppError);
  });
});
