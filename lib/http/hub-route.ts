import "server-only";
import type { NextRequest } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { handleApiError, toAppError } from "@/lib/http/handle-api-error";
import { env } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors";
import { hubErrorHeaders } from "@/lib/domain/hub/hub-error";

type Handler<P> = Parameters<typeof apiRoute<P>>[0];

/**
 * apiRoute for the Hub-compatible endpoints: the same caller resolution and JSON error body, plus
 * the `X-Error-Code` / `X-Error-Message` headers Hugging Face clients read.
 */
export const hubRoute = <P>(handler: Handler<P>, options?: { readsOnly?: boolean }) => {
  // Read per request: at build time the env is not set.
  const origin = () => new URL(env.NEXTAUTH_URL).origin;
  const inner = apiRoute<P>(async (ctx) => {
    try {
      return await handler(ctx);
    } catch (e) {
      const appError = toAppError(e);
      return handleApiError(appError, hubErrorHeaders(appError, origin()));
    }
  }, options);
  return async (req: NextRequest, ctx: { params: Promise<P> }) => {
    const res = await inner(req, ctx);
    // Refusals made by apiRoute itself (a bad token, a cross-site write) carry only our JSON body.
    if (res.status >= 400 && !res.headers.has("X-Error-Message")) {
      const body = (await res.clone().json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      if (body?.error?.code) {
        const headers = hubErrorHeaders(new AppError(body.error.code as ErrorCode, { userMessage: body.error.message }), origin());
        for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      }
    }
    return res;
  };
};
