import { NextResponse, type NextRequest } from "next/server";
import { canManage, getApiCaller, type Caller } from "@/lib/auth/get-current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handleApiError } from "./handle-api-error";

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
      const origin = req.headers.get("origin");
      // Cookies are SameSite=Lax already; this also stops same-site subdomains posting with them.
      if (unsafe.has(req.method) && origin && origin !== new URL(env.NEXTAUTH_URL).origin)
        throw new AppError("FORBIDDEN", { userMessage: "Cross-origin requests are not allowed." });
      const caller = await getApiCaller(req.headers.get("authorization"));
      if (caller && !canManage(caller) && unsafe.has(req.method) && !options.readsOnly)
        throw new AppError("FORBIDDEN", {
          userMessage: "This token has read scope: it can read and download, not change anything.",
        });
      const result = await handler({ req, caller, params: await params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return handleApiError(e);
    }
  };

/** The request body as JSON, or a 400 that says so. */
export const readJson = async (req: NextRequest): Promise<unknown> => {
  try {
    return await req.json();
  } catch {
    throw new AppError("BAD_REQUEST", { userMessage: "The request body must be JSON." });
  }
};
