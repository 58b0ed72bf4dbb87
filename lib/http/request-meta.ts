import type { NextRequest } from "next/server";
import type { RequestMeta } from "@/lib/schemas/access";

/** Client address and browser, recorded as evidence with acceptances (first X-Forwarded-For hop). */
export const requestMeta = (req: Request | NextRequest): RequestMeta => ({
  ip: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || null,
  userAgent: req.headers.get("user-agent"),
});
