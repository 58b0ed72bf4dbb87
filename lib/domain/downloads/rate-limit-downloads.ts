import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { describeGate } from "@/lib/domain/access/gate-codes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sqlPool } from "@/lib/sql";

/** Created by the `download_rate_limit` migration, in the library's own layout. */
const TABLE = "RateLimit";

export type DownloadRateLimiter = RateLimiterPostgres;

const globalForLimiter = globalThis as unknown as { downloadRateLimiter?: DownloadRateLimiter };

/**
 * A limiter of `points` URL issuances per user per `durationSeconds`. `keyPrefix` separates
 * budgets sharing the table (tests use their own). The table comes from a migration
 * (`tableCreated: true`): the library would otherwise create it asynchronously in the constructor
 * and reject every consume until that finished.
 */
export const createDownloadRateLimiter = ({
  points = env.DOWNLOAD_RATE_LIMIT_PER_MINUTE,
  durationSeconds = 60,
  keyPrefix = "download",
}: { points?: number; durationSeconds?: number; keyPrefix?: string } = {}): DownloadRateLimiter =>
  new RateLimiterPostgres({
    // The library speaks `pg`: it shares the app's plain pool. Counters live in PostgreSQL, so every
    // app process (and replica) draws on the same budget per user.
    storeClient: sqlPool(),
    storeType: "pool",
    tableName: TABLE,
    tableCreated: true,
    keyPrefix,
    points,
    duration: durationSeconds,
    // No in-process shortcuts: the count in PostgreSQL is the only truth across processes.
    inMemoryBlockOnConsumed: 0,
  });

/** The app's limiter (DOWNLOAD_RATE_LIMIT_PER_MINUTE per user per minute), one per process. */
export const downloadRateLimiter = () => (globalForLimiter.downloadRateLimiter ??= createDownloadRateLimiter());

/**
 * Charges one URL issuance to the user, or throws RATE_LIMITED with the seconds until the
 * window frees a slot (the route sends them as Retry-After). A store failure is not a refusal:
 * it propagates as an internal error rather than silently letting everyone through.
 */
export const rateLimitDownloads = async (
  userId: string,
  { slug, limiter = downloadRateLimiter() }: { slug: string; limiter?: DownloadRateLimiter },
) => {
  try {
    await limiter.consume(userId, 1);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    throw rateLimited(slug, e.msBeforeNext);
  }
};

/** RATE_LIMITED with the seconds until the window frees a slot. */
export const rateLimited = (slug: string, msBeforeNext: number) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const { message, action } = describeGate("RATE_LIMITED", { slug, retryAfterSeconds });
  return new AppError("RATE_LIMITED", { userMessage: message, action, retryAfterSeconds });
};

/**
 * What one charge of `limiter` to the user writes, for a statement of our own that makes it (the
 * group-committed issuance): the row key, the budget, and the window, as the library computes them.
 */
export const rateLimitCharge = (userId: string, limiter: DownloadRateLimiter = downloadRateLimiter()) => ({
  key: limiter.getKey(userId),
  points: limiter.points,
  durationMs: limiter.duration * 1000,
});
export type RateLimitCharge = ReturnType<typeof rateLimitCharge>;
