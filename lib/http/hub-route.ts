import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { toAppError } from "@/lib/http/handle-api-error";
import { env } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors";
import { hubErrorBody, hubErrorHeaders } from "@/lib/domain/hub/hub-error";

type Handler<P> = Parameters<typeof apiRoute<P>>[0];

const hubErrorResponse = (e: AppError, origin: string) => {
  const headers = new Headers(hubErrorHeaders(e, origin));
  if (e.retryAfterSeconds !== undefined) headers.set("Retry-After", String(e.retryAfterSeconds));
  return NextResponse.json(hubErrorBody(e, origin), { status: e.status, headers });
};

/**
 * apiRoute for the Hub-compatible endpoints: the same caller resolution, but errors in the Hub's
 * shape (string `error`, `X-Error-Code` / `X-Error-Message`) with our gate code beside them.
 */
export const hubRoute = <P>(handler: Handler<P>, options?: { readsOnly?: boolean; issuesDownloads?: boolean }) => {
  // Read per request: at build time the env is not set.
  const origin = () => new URL(env.NEXTAUTH_URL).origin;
  const inner = apiRoute<P>(async (ctx) => {
    try {
      return await handler(ctx);
    } catch (e) {
      return hubErrorResponse(toAppError(e), origin());
    }
  }, options);
  return async (req: NextRequest, ctx: { params: Promise<P> }) => {
    const res = await inner(req, ctx);
    // Refusals made by apiRoute itself (a bad token, a cross-site write) come in our REST shape.
    if (res.status >= 400 && !res.headers.has("X-Error-Message")) {
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as { error?: { code?: string; message?: string; action?: string } } | null;
      if (body?.error?.code) {
        const e = new AppError(body.error.code as ErrorCode, {
          userMessage: body.error.message,
          action: body.error.action,
        });
        const out = hubErrorResponse(e, origin());
        for (const [k, v] of res.headers) if (!out.headers.has(k) && k !== "content-length") out.headers.set(k, v);
        return out;
      }
    }
    return res;
  };
};
