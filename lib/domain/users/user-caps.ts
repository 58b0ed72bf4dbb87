import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatWait } from "@/lib/format";
import { sqlPool } from "@/lib/sql";

/** Per-user caps: enough for any honest use, small enough that a script cannot fill the tables. */
export const USER_CAPS = { activeTokens: 25, openRequests: 20, acceptancesPerMinute: 10 } as const;

/**
 * Serialises one user's capped writes, so two at once cannot both pass the count (released at commit).
 * NO KEY UPDATE: rows that merely reference the user (download events) are not held up by it.
 */
const lockUser = (tx: Tx, userId: string) =>
  tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;

/** Refuses a new token when the user already holds USER_CAPS.activeTokens unrevoked, unexpired ones. */
export const assertTokenCap = async (tx: Tx, userId: string) => {
  await lockUser(tx, userId);
  const active = await tx.apiToken.count({ where: { userId, revokedAt: null, expiresAt: { gt: new Date() } } });
  if (active >= USER_CAPS.activeTokens)
    throw new AppError("LIMIT_REACHED", {
      userMessage: `You have ${active} active tokens, the most allowed: revoke one you no longer use first.`,
      action: "/account/tokens",
    });
};

/** Refuses a new access request when the user already waits on USER_CAPS.openRequests of them. */
export const assertOpenRequestCap = async (tx: Tx, userId: string) => {
  await lockUser(tx, userId);
  const open = await tx.accessRequest.count({ where: { userId, status: "PENDING" } });
  if (open >= USER_CAPS.openRequests)
    throw new AppError("LIMIT_REACHED", {
      userMessage: `You have ${open} requests waiting for a decision, the most allowed: withdraw one or wait for decisions.`,
      action: "/account/requests",
    });
};

const globalForCaps = globalThis as unknown as { acceptanceLimiter?: RateLimiterPostgres };
const acceptanceLimiter = () =>
  (globalForCaps.acceptanceLimiter ??= new RateLimiterPostgres({
    storeClient: sqlPool(),
    storeType: "pool",
    tableName: "RateLimit",
    tableCreated: true,
    keyPrefix: "license-acceptance",
    points: USER_CAPS.acceptancesPerMinute,
    duration: 60,
    inMemoryBlockOnConsumed: 0,
  }));

/** Charges one license acceptance to the user, or RATE_LIMITED with when to try again. */
export const limitAcceptances = async (userId: string, limiter: RateLimiterPostgres = acceptanceLimiter()) => {
  try {
    await limiter.consume(userId, 1);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new AppError("RATE_LIMITED", {
      userMessage: `Too many license acceptances in a minute. Try again in ${formatWait(retryAfterSeconds)}.`,
      retryAfterSeconds,
    });
  }
};
