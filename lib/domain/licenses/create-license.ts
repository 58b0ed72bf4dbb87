import "server-only";
import { createHash } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZCreateLicenseInput } from "@/lib/schemas/license";
import { isUniqueViolation } from "@/lib/db-errors";

const slugTaken = (slug: string) =>
  new AppError("SLUG_TAKEN", {
    userMessage: `A license ${slug} exists already.`,
    fields: { slug: [`${slug} is taken`] },
  });

/**
 * An admin adds a license together with its first version (text → sha256; immutable like every
 * license version), so models can be put under it at once.
 */
export const createLicense = async (caller: Caller | null, raw: unknown) => {
  const admin = requireAdmin(caller);
  const input = ZCreateLicenseInput.parse(raw);
  if (await db.license.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw slugTaken(input.slug);
  const sha256 = createHash("sha256").update(input.text, "utf8").digest("hex");

  return db
    .$transaction(async (tx) => {
      const license = await tx.license.create({
        data: { slug: input.slug, name: input.name, spdxId: input.spdxId, url: input.url },
        select: { id: true, slug: true, name: true, spdxId: true, url: true, createdAt: true },
      });
      const version = await tx.licenseVersion.create({
        data: { licenseId: license.id, version: input.version, text: input.text, sha256 },
        select: { id: true, version: true, sha256: true, publishedAt: true },
      });
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "license.created",
        targetType: "License",
        targetId: license.id,
        data: { slug: license.slug, name: license.name, spdxId: license.spdxId, url: license.url },
      });
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "license.version_published",
        targetType: "LicenseVersion",
        targetId: version.id,
        data: { license: license.slug, version: version.version, sha256 },
      });
      return { license: { ...license, versions: [version] } };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw slugTaken(input.slug);
      throw e;
    });
};
