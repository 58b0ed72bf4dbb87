import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { decideAccess } from "@/lib/domain/access/get-access-state";
import { findVisibleModel, type ModelRef } from "@/lib/domain/access/find-visible-model";
import { gateError } from "@/lib/domain/access/gate-codes";
import { AppError } from "@/lib/errors";

/**
 * The first steps of the download gate (DESIGN.md): caller known → model visible (404 otherwise)
 * → grant approved, unexpired, unrevoked (not for OPEN models) → current license version accepted.
 * Returns the model and the grant the download is made under (null when none is needed or held).
 */
export const authorizeDownload = async (caller: Caller | null, ref: ModelRef) => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${ref.org}/${ref.name}` });
  const model = await findVisibleModel(caller, ref);
  const state = await decideAccess(caller, model);
  if (state.code !== "GRANTED") throw new AppError(state.code, { userMessage: state.message, action: state.action });
  // decideAccess reports the latest request; it is the grant only while approved and unexpired
  // (an OPEN model may have none, or an old one that no longer counts).
  const request = state.request;
  const isLiveGrant = request?.status === "APPROVED" && (!request.expiresAt || request.expiresAt > new Date());
  return { model, grantId: isLiveGrant ? request.id : null };
};
