// POST /api/v1/admin/fingerprints/traces?name= - trace a suspect weight file (the raw body, up to MAX_TRACE_UPLOAD_BYTES): the grant it was delivered under, or found: false (admins)
import { traceUpload } from "@/lib/domain/fingerprint/trace-upload";
import { apiRoute } from "@/lib/http/api-route";
import { receiveBodyFile } from "@/lib/http/receive-body-file";

// proxy.ts leaves this path out of its matcher: Next would otherwise keep a capped copy of the body
// for the proxy (next.config.js), which is sized for JSON, not weights.
export const POST = apiRoute(async ({ req, caller }) =>
  traceUpload(caller, {
    query: Object.fromEntries(req.nextUrl.searchParams),
    via: caller?.scope ? "api" : "web",
    receive: (maxBytes) => receiveBodyFile(req, maxBytes),
  }),
);
