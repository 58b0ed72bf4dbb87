import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import type { RequestMeta } from "@/lib/schemas/access";
import { clientAddress } from "./client-address";

/** Client address (and how it was obtained) and browser, recorded as evidence with acceptances and downloads. */
export const requestMeta = (req: Request | NextRequest): RequestMeta => ({
  ...clientAddress(req.headers, env.TRUSTED_PROXY_HOPS),
  userAgent: req.headers.get("user-agent"),
});
