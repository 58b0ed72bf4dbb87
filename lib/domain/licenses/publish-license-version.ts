import "server-only";
import { createHash } from "node:crypto";
import { requireAdmin } from "@/lib/auth/require-admin";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { licenseChangedEmail } from "@/lib/mail/access-emails";
import { ZPublishLicenseVersionInput, type TPublishLicenseVersionInput } from "@/lib/schemas/license";

/**
 * Publishes a new version of a license and moves every model distributed under that license to it.
 * Grantees keep their grants but must accept the new text before their next download; each gets
 * an e-mail (queued in the same transaction).
 */
export const publishLicenseVersion = async (caller: Caller | null, { slug }: { slug: string }, raw: TPublishLicenseVersionInput) => {
  const admin = requireAdmin(caller);
  const input = ZPublishLicenseVersionInput.parse(raw);
  const license = await db.license.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (!license) throw new AppError("NOT_FOUND", { userMessage: "No such license." });

  return db
    .$transaction(async (tx) => {
    const sha256 = createHash("sha256").update(input.text, "utf8").digest("hex");
    const version = await tx.licenseVersion.create({ data: { licenseId: license.id, version: input.version, text: input.text, sha256 }, select: { id: true } });
    await appendAuditEvent(tx, { actorId: admin.id, action: "license.version_published", targetType: "LicenseVersion", targetId: version.id, data: { license: slug, version: input.version, sha256 } });
    const models = await tx.model.findMany({ where: { currentLicenseVersion: { licenseId: license.id } }, select: { id: true, slug: true, title: true, gating: true } });
    const notified = new Set<string>();
    for (const model of models) {
      await tx.model.update({ where: { id: model.id }, data: { currentLicenseVersionId: version.id } });
      await appendAuditEvent(tx, { actorId: admin.id, action: "model.license_changed", modelId: model.id, targetType: "Model", targetId: model.id, data: { licenseVersionId: version.id, version: input.version } });
      // Who must re-accept: holders of a live grant, and (OPEN models) whoever accepted an earlier version.
      const holders =
        model.gating === "OPEN"
          ? // Those who accepted the license for this very model (never tell others a private model exists).
            await tx.user.findMany({ where: { auditEvents: { some: { action: "license.accepted", modelId: model.id } } }, select: { id: true, email: true } })
          : await tx.user.findMany({
              where: { requests: { some: { modelId: model.id, status: "APPROVED", OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } } },
              select: { id: true, email: true },
            });
      for (const user of holders) {
        if (!user.email || notified.has(`${user.id}:${model.id}`)) continue;
        notified.add(`${user.id}:${model.id}`);
        await enqueueEmail(tx, {
          to: user.email,
          kind: "license-changed",
          content: licenseChangedEmail({ appUrl: env.NEXTAUTH_URL, modelTitle: model.title, slug: model.slug, licenseName: license.name, version: input.version }),
        });
      }
    }
    return { licenseVersionId: version.id, sha256, models: models.map((m) => m.slug), notified: notified.size };
  })
    .catch((e: unknown) => {
      // Two admins publishing the same version at once: the unique (license, version) decides.
      if ((e as { code?: string }).code === "P2002") throw new AppError("CONFLICT", { userMessage: `Version ${input.version} of this license exists already; versions are immutable.` });
      throw e;
    });
};
