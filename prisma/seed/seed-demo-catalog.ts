import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { buildCharModel } from "./char-lm/build-char-model";
import { demoLicenses, demoModels } from "./demo-catalog";
import { insertSeedModel, uploadSeedModel } from "./publish-seed-model";

export const DEFAULT_ADMIN_EMAIL = "admin@registry.local";

/**
 * The demo catalog, written once into an empty database: licenses as versioned records, one
 * admin, and three models whose weights are real ONNX files stored in S3. Files are uploaded
 * first, then every row is written in one transaction: a failed seed leaves no half catalog.
 * Returns null when the database already has a catalog (seeding is for first runs only).
 */
export const seedDemoCatalog = async () => {
  if ((await db.license.count()) > 0) return null;
  const uploads: Awaited<ReturnType<typeof uploadSeedModel>>[] = [];
  for (const model of demoModels(buildCharModel)) uploads.push(await uploadSeedModel(model));
  const adminEmail = env.ADMIN_EMAILS[0] ?? DEFAULT_ADMIN_EMAIL;

  await db.$transaction(
    async (tx) => {
      const admin = await tx.user.upsert({
        where: { email: adminEmail },
        create: { email: adminEmail, name: "Registry admin", role: "ADMIN" },
        update: { role: "ADMIN" },
        select: { id: true },
      });
      await appendAuditEvent(tx, {
        actorId: null,
        action: "user.role_changed",
        targetType: "User",
        targetId: admin.id,
        data: { to: "ADMIN", reason: "seed" },
      });

      const licenseVersionIds = new Map<string, string>();
      for (const l of demoLicenses) {
        const license = await tx.license.create({
          data: { slug: l.slug, name: l.name, spdxId: l.spdxId, url: l.url },
          select: { id: true },
        });
        const sha256 = createHash("sha256").update(l.text, "utf8").digest("hex");
        const version = await tx.licenseVersion.create({
          data: { licenseId: license.id, version: l.version, text: l.text, sha256 },
          select: { id: true },
        });
        await appendAuditEvent(tx, {
          actorId: admin.id,
          action: "license.version_published",
          targetType: "LicenseVersion",
          targetId: version.id,
          data: { license: l.slug, version: l.version, sha256 },
        });
        licenseVersionIds.set(l.slug, version.id);
      }

      for (const upload of uploads) {
        const licenseVersionId = licenseVersionIds.get(upload.model.licenseSlug);
        if (!licenseVersionId)
          throw new Error(`seed model ${upload.slug} names unknown license ${upload.model.licenseSlug}`);
        await insertSeedModel(tx, upload, { licenseVersionId, adminId: admin.id });
      }
    },
    { timeout: 60_000 },
  );
  return { adminEmail, models: uploads.map((u) => ({ slug: u.slug, files: u.files })) };
};
