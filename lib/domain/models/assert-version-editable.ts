import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Call inside the transaction of anything that adds, replaces or removes a version's files.
 * Locks the version row until that transaction ends, so a publication of the same version waits
 * for it (and then sees the new file), and refuses a PUBLISHED version: published versions are
 * immutable, any change is a new version. Returns the version's name, model and commit.
 */
export const assertVersionEditable = async (tx: Tx, versionId: string) => {
  const rows = await tx.$queryRaw<{ id: string; name: string; modelId: string; commitSha: string; status: string }[]>`
    SELECT id, name, "modelId", "commitSha", status::text AS status FROM "ModelVersion" WHERE id = ${versionId} FOR UPDATE`;
  const version = rows[0];
  if (!version) throw new AppError("NOT_FOUND", { userMessage: "No such version." });
  if (version.status !== "DRAFT")
    throw new AppError("VERSION_IMMUTABLE", {
      userMessage: `Version ${version.name} is published and can no longer change; create a new version for any change.`,
    });
  return { id: version.id, name: version.name, modelId: version.modelId, commitSha: version.commitSha };
};
