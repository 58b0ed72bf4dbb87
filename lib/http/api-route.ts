import { NextResponse, type NextRequest } from "next/server";
import { canManage, getApiCaller, type Caller } from "@/lib/auth/get-current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasControlCharacters } from "@/lib/schemas/text";
import { handleApiError } from "./handle-api-error";

export { readJson } from "./read-body";

type Context<P> = { req: NextRequest; caller: Caller | null; params: P };

const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type Options = {
  /** A POST that only reads (the Hub's paths-info): READ-scope tokens may call it. */
  readsOnly?: boolean;
  /**
   * The route issues download URLs (and spends quota): with the session cookie it must be asked
   * from this site. SameSite=Lax still sends the cookie on a top-level navigation from another
   * site, so `Sec-Fetch-Site: cross-site` or `same-site` is refused. Token callers are unaffected.
   */
  issuesDownloads?: boolean;
};

/**
 * Wraps a route handler: finds the caller (bearer token or session cookie), refuses cross-site
 * writes and writes with a READ-scope token, and maps every error to the JSON error body.
 * The handler returns data (200) or a Response.
 */
export const apiRoute =
  <P = Record<string, never>>(handler: (ctx: Context<P>) => Promise<unknown>, options: Options = {}) =>
  async (req: NextRequest, { params }: { params: Promise<P> }) => {
    try {
      const resolved = await params;
      refuseControlCharacters(req, resolved);
      const origin = req.headers.get("origin");
      // Cookies are SameSite=Lax already; this also stops same-site subdomains posting with them.
      if (unsafe.has(req.method) && origin && origin !== new URL(env.NEXTAUTH_URL).origin)
        throw new AppError("FORBIDDEN", { userMessage: "Cross-origin requests are not allowed." });
      const caller = await getApiCaller(req.headers.get("authorization"));
      if (caller && !canManage(caller) && unsafe.has(req.method) && !options.readsOnly)
        throw new AppError("FORBIDDEN", {
          userMessage: "This token has read scope: it can read and download, not change anything.",
        });
      if (options.issuesDownloads && caller && !caller.scope) refuseCrossSite(req);
      const result = await handler({ req, caller, params: resolved });
      return noStoreWhenAuthenticated(req, result instanceof Response ? result : NextResponse.json(result));
    } catch (e) {
      try {
        return noStoreWhenAuthenticated(req, handleApiError(e));
      } catch {
        // Last resort: whatever went wrong while mapping the error, the client still gets JSON.
        return new Response(lastResort, {
          status: 500,
          headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
        });
      }
    }
  };

const refuseCrossSite = (req: NextRequest) => {
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site")
    throw new AppError("FORBIDDEN", {
      userMessage:
        "Downloads with a browser session must start on this site. Open the model page and download from there.",
    });
};

/** Answers to a caller with credentials are theirs alone: no shared or browser cache keeps them, unless the route says otherwise. */
const noStoreWhenAuthenticated = (req: NextRequest, res: Response) => {
  const credentials =
    req.headers.has("authorization") ||
    /(^|;\s*)(__Secure-)?next-auth\.session-token=/.test(req.headers.get("cookie") ?? "");
  if (credentials && !res.headers.has("cache-control")) res.headers.set("Cache-Control", "no-store");
  return res;
};

const lastResort = JSON.stringify({
  error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." },
});

/** Path and query parameters follow the single-line rule (lib/schemas/text.ts) before any route sees them. */
const refuseControlCharacters = (req: NextRequest, params: unknown) => {
  const values: unknown[] = [];
  if (params && typeof params === "object") for (const v of Object.values(params)) values.push(...[v].flat());
  for (const [k, v] of req.nextUrl.searchParams) values.push(k, v);
  if (values.some((v) => typeof v === "string" && hasControlCharacters(v)))
    throw new AppError("BAD_REQUEST", { userMessage: "The URL contains control characters." });
};
