import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { getGrantQuota } from "@/lib/domain/downloads/get-grant-quota";
import { judgeAccess, type AccessDecision, type GateProfile } from "./judge-access";
import { findVisibleModel, type ModelRef, type VisibleModel } from "./find-visible-model";

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

/**
 * The same decision for a model the caller already loaded (and may see), without loading it again.
 * `profilePatch`: profile fields about to be saved with the request (the one-step form), judged as if saved.
 */
export const decideAccess = async (
  caller: Caller | null,
  model: VisibleModel,
  profilePatch: Partial<GateProfile> = {},
): Promise<AccessDecision> => {
  if (!caller) return judgeAccess({ model, profile: null, latest: null, accepted: false });
  const [profile, latest, accepted] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: caller.id },
      select: { name: true, affiliation: true, position: true, country: true },
    }),
    db.accessRequest.findFirst({
      where: { userId: caller.id, modelId: model.id },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        status: true,
        createdAt: true,
        decidedAt: true,
        reasonCode: true,
        reasonText: true,
        expiresAt: true,
        revokedAt: true,
      },
    }),
    db.licenseAcceptance.findFirst({
      where: { userId: caller.id, licenseVersionId: model.currentLicenseVersion.id },
      select: { id: true },
    }),
  ]);
  return judgeAccess({ model, profile: { ...profile, ...profilePatch }, latest, accepted: Boolean(accepted) });
};
export type AccessState = Awaited<ReturnType<typeof getAccessState>>;
