-- manual: the table rate-limiter-flexible's RateLimiterPostgres keeps its counters in (not a
-- Prisma model, see lib/domain/downloads/rate-limit-downloads.ts). Created here, with the
-- library's own column layout, so that no process creates it at run time: the library's start-up
-- creation races the first request, and production database users need no CREATE right.
-- (No semicolons in comments: Prisma's engine splits the script at every one.)
CREATE TABLE "RateLimit" (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
