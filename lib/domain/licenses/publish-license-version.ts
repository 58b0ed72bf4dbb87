import "server-only";
import { createHash } from "node:crypto";
import { requireAdmin } from "@/lib/auth/require-admin";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import {
  ZLicenseSlugParams,
  ZPublishLicenseVersionInput,
  type TPublishLicenseVersionInput,
} from "@/lib/schemas/license";
import { moveModelLicense } from "./move-model-license";
import { isUniqueViolation } from "@/lib/db-errors";

/**
 * Publishes a new version of a license and moves every model distributed under that license to it.
 * Grantees keep their grants but must accept the new text before their next download; each gets
 * an e-mail (queued in the same transaction).
 */
export const publishLicenseVersion = async (
  caller: Caller | null,
  params: { slug: string },
  raw: TPublishLicenseVersionInput,
) => {
  const admin = requireAdmin(caller);
  const { slug } = ZLicenseSlugParams.parse(params);
  const input = ZPublishLicenseVersionInput.parse(raw);
  const license = await db.license.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (!license) throw new AppError("NOT_FOUND", { userMessage: "No such license." });

  return db
    .$transaction(async (tx) => {
      const sha256 = createHash("sha256").update(input.text, "utf8").digest("hex");
      const version = await tx.licenseVersion.create({
        data: { licenseId: license.id, version: input.version, text: input.text, sha256 },
        select: { id: true },
      });
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "license.version_published",
        targetType: "LicenseVersion",
        targetId: version.id,
        data: { license: slug, version: input.version, sha256 },
      });
      const models = await tx.model.findMany({
        where: { currentLicenseVersion: { licenseId: license.id } },
        select: { id: true, slug: true, title: true, gating: true, currentLicenseVersionId: true },
      });
      let notified = 0;
      for (const model of models)
        notified += (
          await moveModelLicense(tx, {
            actorId: admin.id,
            model,
            licenseVersion: { id: version.id, version: input.version, license },
          })
        ).notified;
      return { licenseVersionId: version.id, sha256, models: models.map((m) => m.slug), notified };
    })
    .catch((e: unknown) => {
      // Two admins publishing the same version at once: the unique (license, version) decides.
      if (isUniqueViolation(e))
        throw new AppError("CONFLICT", {
          userMessage: `Version ${input.version} of this license exists already; versions are immutable.`,
        });
      throw e;
    });
};
