import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZCreateModelInput } from "@/lib/schemas/model-admin";
import { isUniqueViolation } from "@/lib/db-errors";

const slugTaken = (slug: string) =>
  new AppError("SLUG_TAKEN", {
    userMessage: `A model named ${slug} exists already; choose another name.`,
    fields: { name: [`${slug} is taken`] },
  });

/**
 * An admin creates a model on a license's latest version. No versions yet: the model has no files
 * until a version is created, filled and published. Slug clashes are SLUG_TAKEN (409), also when
 * two admins create the same slug at once (the unique index decides).
 */
export const createModel = async (caller: Caller | null, raw: unknown) => {
  const admin = requireAdmin(caller);
  const input = ZCreateModelInput.parse(raw);
  const slug = `${input.org}/${input.name}`;
  const license = await db.license.findUnique({
    where: { slug: input.license },
    select: {
      slug: true,
      versions: { orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: 1, select: { id: true, version: true } },
    },
  });
  const licenseVersion = license?.versions[0];
  if (!license || !licenseVersion)
    throw new AppError("VALIDATION_FAILED", {
      fields: { license: ["No such license, or it has no published version."] },
    });
  if (await db.model.findUnique({ where: { slug }, select: { id: true } })) throw slugTaken(slug);

  const { license: _license, ...settings } = input;
  return db
    .$transaction(async (tx) => {
      const model = await tx.model.create({
        data: { ...settings, slug, currentLicenseVersionId: licenseVersion.id },
        select: {
          id: true,
          slug: true,
          org: true,
          name: true,
          title: true,
          gating: true,
          visibility: true,
          formVersion: true,
        },
      });
      const { cardMarkdown, ...recorded } = settings;
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "model.created",
        modelId: model.id,
        targetType: "Model",
        targetId: model.id,
        // The card is recorded by size only: the audit log holds what changed, not whole documents.
        data: {
          ...recorded,
          slug,
          license: license.slug,
          licenseVersion: licenseVersion.version,
          licenseVersionId: licenseVersion.id,
          cardMarkdownLength: cardMarkdown.length,
        },
      });
      return {
        model: {
          ...model,
          license: { slug: license.slug, version: licenseVersion.version, licenseVersionId: licenseVersion.id },
        },
      };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw slugTaken(slug);
      throw e;
    });
};
