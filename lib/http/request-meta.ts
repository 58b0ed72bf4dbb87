import type { NextRequest } from "next/server";
import type { RequestMeta } from "@/lib/schemas/access";

/**
 * How many X-Forwarded-For entries, counted from the right, were added by parts we trust: Next.js
 * itself adds the socket address when the header is absent, and each reverse proxy in front appends
 * the address it saw. Entries further left are whatever the client claimed, and are ignored.
 */
const trustedHops = () => Math.max(1, Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "1", 10) || 1);

/** Client address and browser, recorded as evidence with acceptances. */
export const requestMeta = (req: Request | NextRequest): RequestMeta => {
  const hops = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return {
    ip: hops[Math.max(0, hops.length - trustedHops())] ?? null,
    userAgent: req.headers.get("user-agent"),
  };
};
