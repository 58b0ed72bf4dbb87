import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { getGrantQuota } from "@/lib/domain/downloads/get-grant-quota";
import { AppError } from "@/lib/errors";
import { judgeAccess, type AccessDecision, type GateProfile } from "./judge-access";
import type { ModelRef } from "./find-visible-model";
import { loadGateFacts } from "./load-gate-facts";

/**
 * The one gate decision: where the caller stands with a model and what the next step is.
 * Pages show it, the API returns it, downloads and the playground refuse with its code.
 * Order: signed in → model visible (404) → country not blocked → request/grant state
 * (not for OPEN models) → current license version accepted.
 */
export const getAccessState = async (caller: Caller | null, ref: ModelRef) => {
  const state = await decideAccess(caller, ref);
  // The grant's download quota, when one is set, so that the grantee sees what is left.
  const grant = state.request?.status === "APPROVED" ? state.request : null;
  return { ...state, quota: state.code === "GRANTED" && grant ? await getGrantQuota(grant.id) : null };
};

/**
 * The decision alone, read through the gate's one loader (404 when the caller may not see the model).
 * `profilePatch`: profile fields about to be saved with the request (the one-step form), judged as if saved.
 */
export const decideAccess = async (
  caller: Caller | null,
  ref: ModelRef,
  profilePatch: Partial<GateProfile> = {},
): Promise<AccessDecision> => {
  const facts = await loadGateFacts(caller, ref);
  if (!facts) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  return judgeAccess({ ...facts, profile: facts.profile && { ...facts.profile, ...profilePatch } });
};
export type AccessState = Awaited<ReturnType<typeof getAccessState>>;

/** A loaded model's reference, for deciding on a model found by its slug. */
export const refOf = ({ slug }: { slug: string }): ModelRef => {
  const [org = "", name = ""] = slug.split("/");
  return { org, name };
};
