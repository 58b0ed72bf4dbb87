import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/http/is-database-unavailable";
import { noteRequestError } from "@/lib/http/request-outage";
import { logger } from "@/lib/logger";
import { isOrcidIssuer, recordOrcidSignIn } from "@/lib/domain/users/record-orcid-sign-in";
import { markEmailVerified } from "@/lib/domain/users/mark-email-verified";
import { syncAdminRole } from "@/lib/domain/users/sync-admin-role";
import { safeCallbackPath } from "@/lib/schemas/auth";
import { sendMagicLink } from "./send-magic-link";

const oauthProviders = (): Provider[] => {
  const providers: Provider[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET)
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.GOOGLE_ID && env.GOOGLE_SECRET)
    providers.push(GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET }));
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)
    providers.push({
      id: "oidc",
      name: env.OIDC_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (p: { sub: string; email?: string; name?: string; given_name?: string; family_name?: string }) => ({
        id: p.sub,
        email: p.email ?? null,
        name: p.name ?? ([p.given_name, p.family_name].filter(Boolean).join(" ") || null),
      }),
    });
  return providers;
};

const adapter = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
const createVerificationToken = adapter.createVerificationToken?.bind(adapter);
// A new link invalidates the older ones for that address: only the newest mail signs in.
adapter.createVerificationToken = async (token) => {
  await db.verificationToken.deleteMany({ where: { identifier: token.identifier } });
  return createVerificationToken ? createVerificationToken(token) : token;
};
// A link opened twice (or a stale one) finds no row: null, so next-auth shows its Verification error.
// The adapter's own version deletes and catches P2025, which Prisma logs as an error with a stack.
// Whichever request's delete counts the row signs in; a second one at the same moment gets null.
adapter.useVerificationToken = async ({ identifier, token }) => {
  const row = await db.verificationToken.findUnique({ where: { token } });
  if (!row || (identifier && row.identifier !== identifier)) return null;
  const { count } = await db.verificationToken.deleteMany({ where: { token } });
  return count === 1 ? row : null;
};

/** next-auth's errors as one log line each; an unreachable database also makes the page a 503. */
const authLogger = {
  error: (code: string, metadata: unknown) => {
    const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
    noteRequestError(err);
    if (isDatabaseUnavailable(err))
      logger.warn({ code, message: err instanceof Error ? err.message : String(err) }, "database unavailable");
    else logger.error({ code, err }, "next-auth error");
  },
  warn: (code: string) => logger.warn({ code }, "next-auth warning"),
  debug: () => {},
};

/** next-auth 4 with database sessions: a session is a row, revocable at once. */
export const authOptions: NextAuthOptions = {
  adapter,
  logger: authLogger,
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "database", maxAge: 30 * 24 * 3600, updateAge: 24 * 3600 },
  providers: [
    EmailProvider({
      server: env.SMTP_URL,
      from: env.EMAIL_FROM,
      maxAge: 10 * 60,
      sendVerificationRequest: sendMagicLink,
    }),
    ...oauthProviders(),
  ],
  pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in/error" },
  callbacks: {
    // Only a same-origin path (or this origin's URL) is a destination after sign-in: no open redirect.
    redirect: ({ url, baseUrl }) =>
      new URL(safeCallbackPath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url), baseUrl).href,
    // Suspended accounts cannot sign in, by link or by provider.
    signIn: ({ user }) => !("status" in user) || user.status !== "SUSPENDED",
    // With database sessions `user` is the row just read from the database: role is never stale.
    session: ({ session, user }) => ({
      ...session,
      user: {
        id: user.id,
        email: user.email ?? null,
        name: user.name ?? null,
        image: user.image ?? null,
        role: user.role,
        status: user.status,
      },
    }),
  },
  events: {
    signIn: async ({ user, account, profile }) => {
      // An OIDC address counts only when the provider says it verified it (ADMIN_EMAILS, e-mail domain rules).
      const emailVerified =
        account?.provider !== "oidc" || (profile as { email_verified?: unknown } | undefined)?.email_verified === true;
      if (account?.provider === "oidc" && emailVerified) await markEmailVerified(user.id);
      await syncAdminRole({ userId: user.id, email: user.email, emailVerified });
      if (account?.provider === "oidc" && isOrcidIssuer(env.OIDC_ISSUER))
        await recordOrcidSignIn({ userId: user.id, orcid: account.providerAccountId });
    },
  },
};

/** Which sign-in methods the sign-in page offers. */
export const signInProviders = () => oauthProviders().map((p) => ({ id: p.id, name: p.name }));
