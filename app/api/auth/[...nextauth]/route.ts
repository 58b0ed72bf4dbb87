// GET|POST /api/auth/* - next-auth (magic link, OAuth callbacks, session, sign-out)
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { limitSignInMail } from "@/lib/domain/users/limit-sign-in-mail";
import { AppError } from "@/lib/errors";
import { handleApiError, toAppError } from "@/lib/http/handle-api-error";
import { isDatabaseUnavailable } from "@/lib/http/is-database-unavailable";
import { readBodyText } from "@/lib/http/read-body";
import { requestMeta } from "@/lib/http/request-meta";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const nextAuth = NextAuth(authOptions);

/**
 * next-auth throws on a body it cannot parse (a JSON body, a charset it does not know): that is the
 * caller's mistake, a 400 in our error shape, not a 500. An outage still maps to 503.
 */
const handler = async (req: NextRequest, ctx: Ctx) => {
  try {
    return await nextAuth(req, ctx);
  } catch (e) {
    return handleApiError(isDatabaseUnavailable(e) ? e : new AppError("BAD_REQUEST"));
  }
};

/** next-auth's own normalisation of an e-mail identifier, so the limit counts what it mails. */
const identifier = (email: string) => {
  const [local = "", domain = ""] = email.toLowerCase().trim().split("@");
  return `${local}@${domain.split(",")[0]}`;
};

/**
 * A magic-link request is charged to its e-mail address and to the client's address first
 * (lib/domain/users/limit-sign-in-mail.ts). When over the limit, next-auth's client gets an `error`
 * it can read (`RateLimited:<seconds>`) in the `url` it expects; the JSON error rides beside it.
 */
const POST = async (req: NextRequest, ctx: Ctx) => {
  if (req.nextUrl.pathname.endsWith("/signin/email")) {
    try {
      const form = new URLSearchParams(await readBodyText(req.clone()));
      await limitSignInMail({ email: identifier(form.get("email") ?? ""), ip: requestMeta(req).ip });
    } catch (e) {
      const err = toAppError(e);
      if (err.code !== "RATE_LIMITED") return handleApiError(err);
      const url = new URL(`/sign-in?error=RateLimited:${err.retryAfterSeconds ?? 60}`, req.nextUrl.origin).href;
      return Response.json(
        { url, error: { code: err.code, message: err.userMessage, retryAfterSeconds: err.retryAfterSeconds } },
        { status: 429, headers: { "Retry-After": String(err.retryAfterSeconds ?? 60), "Cache-Control": "no-store" } },
      );
    }
  }
  return handler(req, ctx);
};

export { handler as GET, POST };
