// Runs before every route and page (Next 16's proxy, formerly middleware): refuses request targets
// that do not decode, and sets the security headers that need a per-request nonce.
import { NextResponse, type NextRequest } from "next/server";
import { badRequestTarget, declaredTooLarge, errorResponse, maxJsonBodyBytes, securityHeaders } from "@/lib/http/edge";

const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

export function proxy(req: NextRequest) {
  // The raw target as the client sent it (nextUrl re-encodes the query).
  const raw = new URL(req.url);
  const problem = badRequestTarget(raw.pathname, raw.search);
  if (problem) return errorResponse(raw.pathname, "BAD_REQUEST", problem);
  const tooLarge = declaredTooLarge(req.headers.get("content-length"), maxJsonBodyBytes());
  if (tooLarge) return errorResponse(raw.pathname, "PAYLOAD_TOO_LARGE", tooLarge);

  const nonce = btoa(crypto.randomUUID());
  const headers = securityHeaders({
    nonce,
    pathname: req.nextUrl.pathname,
    appUrl: process.env.NEXTAUTH_URL ?? "",
    storageOrigin: originOf(process.env.S3_ENDPOINT),
    dev: process.env.NODE_ENV === "development",
  });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export const config = {
  matcher: [
    {
      // Static files need neither check nor nonce. Next buffers a copy of each request body for the
      // proxy: next.config.js caps that copy just above MAX_JSON_BODY_BYTES, and routes read with the cap.
      // The fingerprint trace upload takes weight files (MAX_TRACE_UPLOAD_BYTES): it is left out, so its
      // body streams to the route untouched, and the route applies its own cap (lib/http/receive-body-file.ts).
      source: "/((?!_next/static|_next/image|ort/|favicon.ico|api/v1/admin/fingerprints/traces).*)",
    },
  ],
};
