import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZAcceptLicenseInput, type RequestMeta } from "@/lib/schemas/access";
import { limitAcceptances } from "@/lib/domain/users/user-caps";
import { gateError } from "./gate-codes";
import { decideAccess, refOf } from "./get-access-state";
import { findVisibleModel, type ModelRef } from "./find-visible-model";
import { recordLicenseAcceptance } from "./record-license-acceptance";
import { isUniqueViolation } from "@/lib/db-errors";

/**
 * The caller accepts the model's current license version. Accepting another version is refused:
 * what counts is the text the model is distributed under now.
 */
export const acceptLicense = async (caller: Caller | null, ref: ModelRef, raw: unknown, meta: RequestMeta) => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${ref.org}/${ref.name}` });
  const model = await findVisibleModel(caller, ref);
  const input = ZAcceptLicenseInput.parse(raw);
  const state = await decideAccess(caller, refOf(model));
  if (state.code === "GEO_BLOCKED")
    throw new AppError(state.code, { userMessage: state.message, action: state.action });
  const current = model.currentLicenseVersion;
  if (input.licenseVersionId !== current.id)
    throw new AppError("VALIDATION_FAILED", {
      userMessage: `This model's license is now ${current.license.name} version ${current.version}; read and accept that version.`,
      action: `/models/${model.slug}/license`,
      fields: { licenseVersionId: [`must be the current version (${current.id})`] },
    });
  await limitAcceptances(caller.id);
  const acceptance = await db
    .$transaction((tx) =>
      recordLicenseAcceptance(tx, { userId: caller.id, modelId: model.id, licenseVersion: current, meta }),
    )
    .catch(async (e: unknown) => {
      // Two accepts at once: the other one recorded it (one row per user and version).
      if (!isUniqueViolation(e)) throw e;
      const row = await db.licenseAcceptance.findUniqueOrThrow({
        where: { userId_licenseVersionId: { userId: caller.id, licenseVersionId: current.id } },
        select: { id: true, acceptedAt: true },
      });
      return { ...row, created: false };
    });
  return {
    id: acceptance.id,
    acceptedAt: acceptance.acceptedAt,
    created: acceptance.created,
    licenseVersionId: current.id,
    sha256: current.sha256,
  };
};
