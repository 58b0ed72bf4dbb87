import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { parseFormDefinition } from "@/lib/schemas/access-form";
import { requiredProfileFields } from "@/lib/schemas/profile";
import { findVisibleModel, type ModelRef } from "./find-visible-model";
import { decideAccess, refOf } from "./get-access-state";

/**
 * What the request page needs: the gate state, the model's form, the exact current license text,
 * and (for "edit and resubmit") the answers of one of the caller's own earlier requests.
 */
export const getRequestForm = async (
  caller: Caller | null,
  ref: ModelRef,
  { fromRequestId }: { fromRequestId?: string } = {},
) => {
  const model = await findVisibleModel(caller, ref);
  const state = await decideAccess(caller, refOf(model));
  const license = await db.licenseVersion.findUniqueOrThrow({
    where: { id: model.currentLicenseVersion.id },
    select: { id: true, version: true, sha256: true, text: true, license: { select: { name: true } } },
  });
  const profile = caller
    ? await db.user.findUniqueOrThrow({
        where: { id: caller.id },
        select: { name: true, affiliation: true, position: true, country: true },
      })
    : null;
  const previous =
    caller && fromRequestId
      ? await db.accessRequest.findFirst({
          where: { id: fromRequestId, userId: caller.id, modelId: model.id },
          select: { answers: true },
        })
      : null;
  return {
    state,
    model: { slug: model.slug, title: model.title, gating: model.gating, fingerprinting: model.fingerprinting },
    fields: parseFormDefinition(model.formDefinition),
    license: {
      id: license.id,
      name: license.license.name,
      version: license.version,
      sha256: license.sha256,
      text: license.text,
    },
    previousAnswers: (previous?.answers ?? null) as Record<string, unknown> | null,
    /** The profile fields a first request needs that the caller has not filled in (none when anonymous). */
    missingProfile: profile ? requiredProfileFields.filter((f) => !profile[f]) : [],
  };
};
