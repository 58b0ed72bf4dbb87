import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ZFormDefinition } from "@/lib/schemas/access-form";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { parseModelRules } from "@/lib/schemas/rules";
import { authorizeModelRead } from "./authorize-model-read";

/**
 * A model's settings for its admins and reviewers (who read them; `canEdit` tells the page whether
 * to offer changes). A stored form definition that no longer parses is returned as an empty list
 * with `formDefinitionInvalid`, so the editor can replace it instead of failing the page.
 */
export const getModelSettings = async (caller: Caller | null, params: TModelRouteParams) => {
  const ref = await authorizeModelRead(caller, params);
  const m = await db.model.findUniqueOrThrow({
    where: { id: ref.id },
    select: {
      id: true,
      slug: true,
      org: true,
      name: true,
      title: true,
      summary: true,
      task: true,
      gating: true,
      visibility: true,
      cardMarkdown: true,
      formDefinition: true,
      formVersion: true,
      rules: true,
      playgroundEnabled: true,
      grantDurationDays: true,
      requestCooldownDays: true,
      downloadQuotaFiles: true,
      downloadQuotaBytes: true,
      fingerprinting: true,
      fingerprintPaths: true,
      createdAt: true,
      updatedAt: true,
      currentLicenseVersion: {
        select: {
          id: true,
          version: true,
          sha256: true,
          publishedAt: true,
          license: { select: { slug: true, name: true } },
        },
      },
      latestVersion: {
        select: {
          name: true,
          commitSha: true,
          publishedAt: true,
          // For the fingerprinting section: which files a glob marks, and what a grantee's copy costs.
          files: { where: { status: "READY" }, select: { path: true, size: true }, orderBy: { path: "asc" } },
        },
      },
      _count: { select: { versions: true } },
    },
  });
  const { _count, currentLicenseVersion, formDefinition, rules, downloadQuotaBytes, latestVersion, ...model } = m;
  const form = ZFormDefinition.safeParse(formDefinition);
  return {
    canEdit: ref.canEdit,
    model: {
      ...model,
      downloadQuotaBytes: downloadQuotaBytes === null ? null : Number(downloadQuotaBytes),
      latestVersion: latestVersion && {
        ...latestVersion,
        files: latestVersion.files.map((f) => ({ path: f.path, size: Number(f.size) })),
      },
      formDefinition: form.success ? form.data : [],
      formDefinitionInvalid: !form.success,
      rules: parseModelRules(rules),
      license: {
        versionId: currentLicenseVersion.id,
        version: currentLicenseVersion.version,
        sha256: currentLicenseVersion.sha256,
        publishedAt: currentLicenseVersion.publishedAt,
        ...currentLicenseVersion.license,
      },
      versionCount: _count.versions,
    },
  };
};
export type TModelSettings = Awaited<ReturnType<typeof getModelSettings>>["model"];
