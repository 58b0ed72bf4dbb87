import { AppError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import type { GateCode } from "@/lib/common/gate-code-list";

export { gateCodes, type GateCode } from "@/lib/common/gate-code-list";

export type GateContext = {
  slug: string;
  since?: Date | null;
  until?: Date | null;
  reason?: string | null;
  licenseName?: string;
  licenseVersion?: string;
  retryAfterSeconds?: number;
  /** QUOTA_EXCEEDED: what is left under the grant, e.g. "2 of 10 downloads". */
  quotaLeft?: string;
  /** The instant the decision is made for (REQUEST_REJECTED: whether its cool-down is over). */
  now?: Date;
};

const modelPath = (slug: string) => `/models/${slug}`;

/** A human sentence and the URL of the next step, for each code. */
export const describeGate = (code: GateCode, c: GateContext): { message: string; action?: string } => {
  const reason = c.reason ? ` Reason: ${c.reason.replace(/[.!]?$/, ".")}` : "";
  switch (code) {
    case "SIGN_IN_REQUIRED":
      return {
        message: "Sign in to request access to this model.",
        action: `/sign-in?callbackUrl=${encodeURIComponent(modelPath(c.slug))}`,
      };
    case "PROFILE_INCOMPLETE":
      return {
        message: "Complete your profile (name, affiliation, position, country) before your first request.",
        action: `/account/profile?next=${encodeURIComponent(`${modelPath(c.slug)}/request`)}`,
      };
    case "REQUEST_REQUIRED":
      return { message: "Request access to this model to download it.", action: `${modelPath(c.slug)}/request` };
    case "REQUEST_PENDING":
      return {
        message: `Your request is pending review${c.since ? ` since ${formatDate(c.since)}` : ""}.`,
        action: "/account/requests",
      };
    case "REQUEST_REJECTED":
      return c.until && c.until > (c.now ?? new Date())
        ? {
            message: `Your request was rejected.${reason} You can apply again from ${formatDate(c.until)}.`,
            action: "/account/requests",
          }
        : {
            message: `Your request was rejected.${reason} You can apply again now.`,
            action: `${modelPath(c.slug)}/request`,
          };
    case "GRANT_EXPIRED":
      return {
        message: `Your access expired${c.until ? ` on ${formatDate(c.until)}` : ""}. Request it again to renew.`,
        action: `${modelPath(c.slug)}/request`,
      };
    case "GRANT_REVOKED":
      return {
        message: `Your access was revoked.${reason} You may request it again.`,
        action: `${modelPath(c.slug)}/request`,
      };
    case "LICENSE_NOT_ACCEPTED":
      return {
        message: `Accept ${c.licenseName ?? "the license"}${c.licenseVersion ? ` version ${c.licenseVersion}` : ""} to continue.`,
        action: `${modelPath(c.slug)}/license`,
      };
    case "GEO_BLOCKED":
      return {
        message: "This model is not available to researchers in your declared country.",
        action: modelPath(c.slug),
      };
    case "FILE_NOT_READY":
      return { message: "This file is still being verified. Try again in a few minutes.", action: modelPath(c.slug) };
    case "RATE_LIMITED":
      return {
        message: `Too many requests. Try again${c.retryAfterSeconds ? ` in ${c.retryAfterSeconds} s` : " later"}.`,
        action: modelPath(c.slug),
      };
    case "QUOTA_EXCEEDED":
      return {
        message: `This would go over your grant's download quota${c.quotaLeft ? ` (left: ${c.quotaLeft})` : ""}. Download fewer files, or ask the model's reviewers for a higher quota.`,
        action: modelPath(c.slug),
      };
  }
};

export const gateError = (code: GateCode, context: GateContext) => {
  const { message, action } = describeGate(code, context);
  return new AppError(code, { userMessage: message, action });
};
