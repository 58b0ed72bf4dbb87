import "server-only";
import { createHash } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { canonicalJson } from "@/lib/domain/audit/canonical-json";
import { moveModelLicense } from "@/lib/domain/licenses/move-model-license";
import { ZFormDefinition } from "@/lib/schemas/access-form";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { ZUpdateModelInput, type TModelSettingKey } from "@/lib/schemas/model-admin";
import { parseModelRules } from "@/lib/schemas/rules";
import { authorizeModelWrite } from "./authorize-model-write";

/** Small settings recorded in the audit row with their old and new values. */
const scalarKeys = [
  "title",
  "summary",
  "task",
  "gating",
  "visibility",
  "grantDurationDays",
  "requestCooldownDays",
  "playgroundEnabled",
  "downloadQuotaFiles",
  "downloadQuotaBytes",
  "fingerprinting",
  "fingerprintPaths",
] as const;

/** The stored form definition as the editor would send it back (defaults applied), or the raw JSON if it no longer parses. */
const normalisedForm = (json: unknown) => {
  const parsed = ZFormDefinition.safeParse(json);
  return parsed.success ? parsed.data : json;
};

/**
 * An admin edits a model's settings: any subset of them, applied together. Only real changes
 * count: re-sending the same values changes nothing and writes no audit row. A changed access-form
 * definition bumps `formVersion` (requests keep the version they answered); a changed license
 * version moves the model and asks its grantees to accept that version (mail queued in the same
 * transaction). The audit row lists what changed; the card by length and sha256, never its text.
 */
export const updateModel = async (caller: Caller | null, params: TModelRouteParams, raw: unknown) => {
  const { admin, model: ref } = await authorizeModelWrite(caller, params);
  const input = ZUpdateModelInput.parse(raw);

  return db.$transaction(async (tx) => {
    // One change at a time per model, so two saves of a new form bump its version once each, in order.
    await tx.$queryRaw`SELECT 1 FROM "Model" WHERE id = ${ref.id} FOR UPDATE`;
    const current = await tx.model.findUniqueOrThrow({ where: { id: ref.id } });
    const before: Record<TModelSettingKey, unknown> = {
      ...Object.fromEntries(scalarKeys.map((k) => [k, current[k]])),
      // A BigInt column, compared and audited as the number the API speaks.
      downloadQuotaBytes: current.downloadQuotaBytes === null ? null : Number(current.downloadQuotaBytes),
      cardMarkdown: current.cardMarkdown,
      formDefinition: normalisedForm(current.formDefinition),
      rules: parseModelRules(current.rules),
      currentLicenseVersionId: current.currentLicenseVersionId,
    } as Record<TModelSettingKey, unknown>;
    const changed = (Object.keys(input) as TModelSettingKey[]).filter(
      (k) => input[k] !== undefined && canonicalJson(input[k]) !== canonicalJson(before[k]),
    );

    let notified = 0;
    if (input.currentLicenseVersionId !== undefined && changed.includes("currentLicenseVersionId")) {
      const licenseVersion = await tx.licenseVersion.findUnique({
        where: { id: input.currentLicenseVersionId },
        select: { id: true, version: true, license: { select: { name: true } } },
      });
      if (!licenseVersion)
        throw new AppError("VALIDATION_FAILED", { fields: { currentLicenseVersionId: ["No such license version."] } });
      const model = { ...current, title: input.title ?? current.title, gating: input.gating ?? current.gating };
      notified = (await moveModelLicense(tx, { actorId: admin.id, model, licenseVersion })).notified;
    }

    const settingChanges = changed.filter((k) => k !== "currentLicenseVersionId");
    let formVersion = current.formVersion;
    if (settingChanges.length > 0) {
      const data: Prisma.ModelUpdateInput = Object.fromEntries(settingChanges.map((k) => [k, input[k]]));
      if (settingChanges.includes("formDefinition")) data.formVersion = { increment: 1 };
      formVersion = (await tx.model.update({ where: { id: ref.id }, data, select: { formVersion: true } })).formVersion;
      const scalars = scalarKeys.filter((k) => settingChanges.includes(k));
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "model.updated",
        modelId: ref.id,
        targetType: "Model",
        targetId: ref.id,
        data: {
          changed: settingChanges,
          ...(scalars.length
            ? { values: Object.fromEntries(scalars.map((k) => [k, { from: before[k], to: input[k] }])) }
            : {}),
          ...(input.cardMarkdown !== undefined && settingChanges.includes("cardMarkdown")
            ? {
                cardMarkdown: {
                  length: input.cardMarkdown.length,
                  sha256: createHash("sha256").update(input.cardMarkdown, "utf8").digest("hex"),
                },
              }
            : {}),
          // The definition is small and is what requests of this form version answered: kept whole.
          ...(settingChanges.includes("formDefinition") ? { formVersion, formDefinition: input.formDefinition } : {}),
          ...(settingChanges.includes("rules") ? { rules: input.rules } : {}),
        },
      });
    }
    return { model: { slug: ref.slug }, changed, formVersion, notified };
  });
};
