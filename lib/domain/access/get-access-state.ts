import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { requiredProfileFields } from "@/lib/schemas/profile";
import { getGrantQuota } from "@/lib/domain/downloads/get-grant-quota";
import { parseModelRules } from "@/lib/schemas/rules";
import { describeGate, type GateCode, type GateContext } from "./gate-codes";
import { findVisibleModel, type ModelRef, type VisibleModel } from "./find-visible-model";

const DAY = 86_400_000;

/**
 * The one gate decision: where the caller stands with a model and what the next step is.
 * Pages show it, the API returns it, downloads and the playground refuse with its code.
 * Order: signed in → model visible (404) → country not blocked → request/grant state
 * (not for OPEN models) → current license version accepted.
 */
export const getAccessState = async (caller: Caller | null, ref: ModelRef) => {
  const state = await decideAccess(caller, await findVisibleModel(caller, ref));
  // The grant's download quota, when one is set, so that the grantee sees what is left.
  const grant = state.request?.status === "APPROVED" ? state.request : null;
  return { ...state, quota: state.code === "GRANTED" && grant ? await getGrantQuota(grant.id) : null };
};

/** The same decision for a model the caller already loaded (and may see), without loading it again. */
export const decideAccess = async (caller: Caller | null, model: VisibleModel) => {
  const license = model.currentLicenseVersion;
  const base = { slug: model.slug, licenseName: license.license.name, licenseVersion: license.version };
  const result = (code: GateCode | "GRANTED", context: Partial<GateContext> = {}, extra: Partial<{ request: typeof latest; grantedUntil: Date | null }> = {}) => ({
    code,
    ...(code === "GRANTED" ? { message: "You have access to this model.", action: undefined } : describeGate(code, { ...base, ...context })),
    model: { id: model.id, slug: model.slug, gating: model.gating },
    license: { id: license.id, name: license.license.name, version: license.version, sha256: license.sha256 },
    request: extra.request ?? null,
    grantedUntil: extra.grantedUntil ?? null,
  });

  if (!caller) return result("SIGN_IN_REQUIRED");
  const user = await db.user.findUniqueOrThrow({
    where: { id: caller.id },
    select: { name: true, affiliation: true, position: true, country: true },
  });
  if (user.country && parseModelRules(model.rules).blockedCountries.includes(user.country)) return result("GEO_BLOCKED");

  const latest = await db.accessRequest.findFirst({
    where: { userId: caller.id, modelId: model.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, createdAt: true, decidedAt: true, reasonCode: true, reasonText: true, expiresAt: true, revokedAt: true },
  });

  let grantedUntil: Date | null = null;
  if (model.gating !== "OPEN") {
    const reason = latest?.reasonText ?? latest?.reasonCode ?? null;
    switch (latest?.status) {
      case undefined:
      case "WITHDRAWN":
        return result(requiredProfileFields.every((f) => user[f]) ? "REQUEST_REQUIRED" : "PROFILE_INCOMPLETE", {}, { request: latest });
      case "PENDING":
        return result("REQUEST_PENDING", { since: latest.createdAt }, { request: latest });
      case "REJECTED": {
        const until = new Date((latest.decidedAt ?? latest.createdAt).getTime() + model.requestCooldownDays * DAY);
        return result("REQUEST_REJECTED", { reason, until }, { request: latest });
      }
      case "REVOKED":
        return result("GRANT_REVOKED", { reason }, { request: latest });
      case "EXPIRED":
        return result("GRANT_EXPIRED", { until: latest.expiresAt }, { request: latest });
      case "APPROVED":
        if (latest.expiresAt && latest.expiresAt <= new Date()) return result("GRANT_EXPIRED", { until: latest.expiresAt }, { request: latest });
        grantedUntil = latest.expiresAt;
    }
  }

  const accepted = await db.licenseAcceptance.findFirst({ where: { userId: caller.id, licenseVersionId: license.id }, select: { id: true } });
  if (!accepted) return result("LICENSE_NOT_ACCEPTED", {}, { request: latest, grantedUntil });
  return result("GRANTED", {}, { request: latest, grantedUntil });
};
export type AccessState = Awaited<ReturnType<typeof getAccessState>>;
