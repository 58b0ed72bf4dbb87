import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZOneStepAccessInput, type RequestMeta } from "@/lib/schemas/access";
import { requiredProfileFields } from "@/lib/schemas/profile";
import { acceptLicense } from "./accept-license";
import { findVisibleModel, type ModelRef } from "./find-visible-model";
import { gateError } from "./gate-codes";
import { getAccessState } from "./get-access-state";
import { submitAccessRequest } from "./submit-access-request";

const missingMessage: Record<(typeof requiredProfileFields)[number], string> = {
  name: "Enter your full name.",
  affiliation: "Enter your institution or company.",
  position: "Enter your position, e.g. PhD student.",
  country: "Choose your country from the list.",
};

/**
 * The model page's one form ("agree and access"): whatever the profile still lacks, the model's
 * questions and the license acceptance, submitted once. A gated model goes through the same rules as
 * a request from the request page (cap, cool-down, geo, auto-approval), with the profile fields saved
 * in the request's transaction; an OPEN model only records the acceptance. Answers with where the
 * caller stands now: GRANTED, REQUEST_PENDING, or the code and sentence of what stops them.
 */
export const requestAccessInOneStep = async (caller: Caller | null, ref: ModelRef, raw: unknown, meta: RequestMeta) => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${ref.org}/${ref.name}` });
  const model = await findVisibleModel(caller, ref);
  const input = ZOneStepAccessInput.parse(raw);
  if (model.gating === "OPEN") {
    await acceptLicense(caller, ref, { licenseVersionId: input.licenseVersionId }, meta);
  } else {
    const stored = await db.user.findUniqueOrThrow({
      where: { id: caller.id },
      select: { name: true, affiliation: true, position: true, country: true },
    });
    // Only what is missing is asked for; a field already on the profile is changed on the profile page.
    const fields: Record<string, string[]> = {};
    for (const f of requiredProfileFields) {
      if (stored[f] && input.profile[f] !== undefined) fields[`profile.${f}`] = ["Change this on your profile page."];
      if (!stored[f] && !input.profile[f]) fields[`profile.${f}`] = [missingMessage[f]];
    }
    if (Object.keys(fields).length)
      throw new AppError("VALIDATION_FAILED", { userMessage: "Complete the fields marked below.", fields });
    await submitAccessRequest(caller, ref, { answers: input.answers, licenseVersionId: input.licenseVersionId }, meta, {
      profile: input.profile,
    });
  }
  const state = await getAccessState(caller, ref);
  return {
    code: state.code,
    granted: state.code === "GRANTED",
    message: state.message,
    action: state.action ?? null,
    grantedUntil: state.grantedUntil,
    request: state.request ? { id: state.request.id, status: state.request.status } : null,
  };
};
