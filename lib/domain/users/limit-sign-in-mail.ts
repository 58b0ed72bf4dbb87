import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatWait } from "@/lib/format";
import { sqlPool } from "@/lib/sql";

export type SignInMailLimiters = { address: RateLimiterPostgres; client: RateLimiterPostgres };

const limiter = (keyPrefix: string, points: number) =>
  // The same table and pool as the download limiter (rate-limit-downloads.ts): counts shared by every process.
  new RateLimiterPostgres({
    storeClient: sqlPool(),
    storeType: "pool",
    tableName: "RateLimit",
    tableCreated: true,
    keyPrefix,
    points,
    duration: 3600,
    inMemoryBlockOnConsumed: 0,
  });

/** Limiters of sign-in mails per e-mail address and per client address, per hour. */
export const createSignInMailLimiters = ({
  perAddress = env.SIGN_IN_MAILS_PER_ADDRESS_PER_HOUR,
  perClient = env.SIGN_IN_MAILS_PER_CLIENT_PER_HOUR,
  keyPrefix = "sign-in-mail",
}: { perAddress?: number; perClient?: number; keyPrefix?: string } = {}): SignInMailLimiters => ({
  address: limiter(`${keyPrefix}-address`, perAddress),
  client: limiter(`${keyPrefix}-client`, perClient),
});

const globalForLimiters = globalThis as unknown as { signInMailLimiters?: SignInMailLimiters };
const signInMailLimiters = () => (globalForLimiters.signInMailLimiters ??= createSignInMailLimiters());

/**
 * Charges one sign-in mail to the e-mail address and to the client's address (when known), or
 * throws RATE_LIMITED with the seconds until one is allowed again. A refused charge costs nothing:
 * the other budget is refunded, so a flood against one address does not spend the client's.
 */
export const limitSignInMail = async (
  { email, ip }: { email: string; ip: string | null },
  limiters: SignInMailLimiters = signInMailLimiters(),
) => {
  const charged: [RateLimiterPostgres, string][] = [];
  try {
    for (const [l, key] of [
      [limiters.address, email.trim().toLowerCase()],
      ...(ip ? [[limiters.client, ip] as const] : []),
    ] as const) {
      await l.consume(key, 1);
      charged.push([l, key]);
    }
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    for (const [l, key] of charged) await l.reward(key, 1);
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new AppError("RATE_LIMITED", {
      userMessage: `Too many sign-in e-mails were asked for. Try again in ${formatWait(retryAfterSeconds)}.`,
      retryAfterSeconds,
    });
  }
};
