import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { zodFields } from "@/lib/schemas/zod-fields";
import { AppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from "./is-database-unavailable";

const prismaCode = (e: unknown) =>
  typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" && /^P\d{4}$/.test(e.code)
    ? e.code
    : undefined;

/** A PostgreSQL SQLSTATE, found on pg errors and on Prisma's driver-adapter errors (`cause.originalCode`). */
const pgCode = (e: unknown, depth = 0): string | undefined => {
  if (typeof e !== "object" || e === null || depth > 4) return undefined;
  const o = e as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  for (const c of [o.originalCode, o.code])
    if (typeof c === "string" && /^[0-9A-Z]{5}$/.test(c) && !/^P\d{4}$/.test(c)) return c;
  return pgCode(o.cause, depth + 1) ?? pgCode(o.meta?.driverAdapterError, depth + 1);
};

/** Maps anything thrown below a route to a client-safe error (never a stack trace or internal message). */
export const toAppError = (e: unknown): AppError => {
  if (e instanceof AppError) return e;
  if (e instanceof ZodError) return new AppError("VALIDATION_FAILED", { fields: zodFields(e) });
  // Bytes PostgreSQL refuses (NUL in text, invalid UTF-8) are the client's input, not our fault.
  if (pgCode(e) === "22021" || pgCode(e) === "22P05")
    return new AppError("BAD_REQUEST", { userMessage: "The request contains characters that are not allowed." });
  const code = prismaCode(e);
  if (code === "P2025") return new AppError("NOT_FOUND");
  if (code === "P2002") return new AppError("CONFLICT", { userMessage: "This already exists." });
  if (isDatabaseUnavailable(e)) {
    // Only the message: driver errors can carry the whole client, connection settings included.
    logger.warn({ message: e instanceof Error ? e.message : String(e) }, "database unavailable");
    return new AppError("SERVICE_UNAVAILABLE", { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS, cause: e });
  }
  logger.error({ err: e }, "unhandled error");
  return new AppError("INTERNAL", { cause: e });
};

export const handleApiError = (e: unknown, headers?: HeadersInit) => {
  const appError = toAppError(e);
  const merged = new Headers(headers);
  // Clients (the Hub's, the CLI) back off by the standard header, not our JSON body.
  if (appError.retryAfterSeconds !== undefined && !merged.has("retry-after"))
    merged.set("Retry-After", String(appError.retryAfterSeconds));
  return NextResponse.json(toErrorBody(appError), { status: appError.status, headers: merged });
};
