import { requiredProfileFields } from "@/lib/schemas/profile";
import { parseModelRules } from "@/lib/schemas/rules";
import { describeGate, type GateCode, type GateContext } from "./gate-codes";
import { addDays } from "@/lib/time";

/** What the gate decides on about the model (any loader: Prisma or the download path's one SQL read). */
export type GateModel = {
  id: string;
  slug: string;
  gating: "OPEN" | "AUTO" | "MANUAL";
  rules: unknown;
  requestCooldownDays: number;
  currentLicenseVersion: { id: string; version: string; sha256: string; license: { name: string; slug: string } };
};
export type GateProfile = {
  name: string | null;
  affiliation: string | null;
  position: string | null;
  country: string | null;
};
export type GateRequest = {
  id: string;
  status: "PENDING" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "REVOKED" | "EXPIRED";
  createdAt: Date;
  decidedAt: Date | null;
  reasonCode: string | null;
  reasonText: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};
export type GateFacts = {
  model: GateModel;
  /** The caller's profile; null when nobody is signed in. */
  profile: GateProfile | null;
  /** The caller's latest request for the model, whatever its state. */
  latest: GateRequest | null;
  /** Whether the caller accepted the model's current license version. */
  accepted: boolean;
  now?: Date;
};

/**
 * Whether a new request may be made now, judging by the latest one alone (the profile and country are
 * judgeAccess's part): none yet, withdrawn, expired or revoked → now; rejected → once the model's
 * cool-down since the decision has passed (`reapplyAt`); pending or a live grant → no.
 */
export const requestWindow = (
  model: Pick<GateModel, "gating" | "requestCooldownDays">,
  latest: Pick<GateRequest, "status" | "createdAt" | "decidedAt" | "expiresAt"> | null,
  now = new Date(),
): { canRequest: boolean; reapplyAt: Date | null } => {
  if (model.gating === "OPEN") return { canRequest: false, reapplyAt: null };
  switch (latest?.status) {
    case "PENDING":
      return { canRequest: false, reapplyAt: null };
    case "APPROVED":
      return { canRequest: Boolean(latest.expiresAt && latest.expiresAt <= now), reapplyAt: null };
    case "REJECTED": {
      const opens = addDays(latest.decidedAt ?? latest.createdAt, model.requestCooldownDays);
      return opens > now ? { canRequest: false, reapplyAt: opens } : { canRequest: true, reapplyAt: null };
    }
    default:
      return { canRequest: true, reapplyAt: null };
  }
};

/**
 * The one gate decision, from facts already loaded: where the caller stands and the next step.
 * Order: signed in → country not blocked → request/grant state (not for OPEN models) → current
 * license version accepted. (Model visible, 404, is the loaders' part: they find only what the caller may see.)
 */
export const judgeAccess = ({ model, profile, latest, accepted, now = new Date() }: GateFacts) => {
  const license = model.currentLicenseVersion;
  const blocked = Boolean(profile?.country && parseModelRules(model.rules).blockedCountries.includes(profile.country));
  const reapply = profile && !blocked ? requestWindow(model, latest, now) : { canRequest: false, reapplyAt: null };
  const base = { slug: model.slug, licenseName: license.license.name, licenseVersion: license.version };
  const result = (
    code: GateCode | "GRANTED",
    context: Partial<GateContext> = {},
    grantedUntil: Date | null = null,
  ) => ({
    code,
    ...(code === "GRANTED"
      ? { message: "You have access to this model.", action: undefined }
      : describeGate(code, { ...base, ...context })),
    model: { id: model.id, slug: model.slug, gating: model.gating },
    license: { id: license.id, name: license.license.name, version: license.version, sha256: license.sha256 },
    request: latest,
    grantedUntil,
    // Whether a new request is the way forward now (PROFILE_INCOMPLETE: once the profile is complete), and
    // during a rejection's cool-down the instant it becomes so. Pages and submit read these, never `action`.
    ...reapply,
  });

  if (!profile) return { ...result("SIGN_IN_REQUIRED"), request: null };
  if (blocked) return { ...result("GEO_BLOCKED"), request: null };

  let grantedUntil: Date | null = null;
  if (model.gating !== "OPEN") {
    const reason = latest?.reasonText ?? latest?.reasonCode ?? null;
    switch (latest?.status) {
      case undefined:
      case "WITHDRAWN":
        return result(requiredProfileFields.every((f) => profile[f]) ? "REQUEST_REQUIRED" : "PROFILE_INCOMPLETE");
      case "PENDING":
        return result("REQUEST_PENDING", { since: latest.createdAt });
      case "REJECTED":
        return result("REQUEST_REJECTED", { reason, until: reapply.reapplyAt, now });
      case "REVOKED":
        return result("GRANT_REVOKED", { reason });
      case "EXPIRED":
        return result("GRANT_EXPIRED", { until: latest.expiresAt });
      case "APPROVED":
        if (latest.expiresAt && latest.expiresAt <= now) return result("GRANT_EXPIRED", { until: latest.expiresAt });
        grantedUntil = latest.expiresAt;
    }
  }
  if (!accepted) return result("LICENSE_NOT_ACCEPTED", {}, grantedUntil);
  return result("GRANTED", {}, grantedUntil);
};
export type AccessDecision = ReturnType<typeof judgeAccess>;

/** The grant a GRANTED decision rests on: the latest request while approved and unexpired (OPEN models may have none). */
export const liveGrantId = (decision: AccessDecision, now = new Date()) => {
  const r = decision.request;
  return r?.status === "APPROVED" && (!r.expiresAt || r.expiresAt > now) ? r.id : null;
};
