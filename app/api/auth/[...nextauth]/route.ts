// GET|POST /api/auth/* - next-auth (magic link, OAuth callbacks, session, sign-out)
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { limitSignInMail } from "@/lib/domain/users/limit-sign-in-mail";
import { handleApiError, toAppError } from "@/lib/http/handle-api-error";
import { readBodyText } from "@/lib/http/read-body";
import { requestMeta } from "@/lib/http/request-meta";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

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
