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
      const result = await handler({ req, caller, params: resolved });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      try {
        return handleApiError(e);
      } catch {
        // Last resort: whatever went wrong while mapping the error, the client still gets JSON.
        return new Response(lastResort, { status: 500, headers: { "Content-Type": "application/json" } });
      }
    }
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
