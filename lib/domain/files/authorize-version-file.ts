import "server-only";
import type { Caller } from "@/lib/auth/caller";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorizeModelWrite } from "@/lib/domain/models/authorize-model-write";
import { findModelVersion } from "@/lib/domain/models/find-model-version";
import { ZVersionFileRouteParams, type TVersionFileRouteParams } from "@/lib/schemas/version-files";

/**
 * A change to one file of a version: admins only (the model's reviewers get 403, others 404, as for
 * every model change; checked before the path is looked at), and the version must exist (404).
 * The file itself is read inside the caller's transaction with `lockVersionFile`.
 */
export const authorizeVersionFile = async (caller: Caller | null, rawParams: TVersionFileRouteParams) => {
  const { admin, model } = await authorizeModelWrite(caller, rawParams);
  const params = ZVersionFileRouteParams.parse(rawParams);
  const version = await findModelVersion(model.id, params.version);
  return { admin, model, version, path: params.path };
};

type LockedFile = {
  id: string;
  status: "UPLOADING" | "VERIFYING" | "READY" | "FAILED";
  size: bigint;
  sha256: string | null;
  declaredSha256: string | null;
  storageKey: string;
  failureReason: string | null;
};

/**
 * The file at `path` in the version, its row locked until the transaction ends: the verify job's
 * transition waits for the change (or the change sees its result), so the status checked is the
 * status changed. 404 when the version has no such file.
 */
export const lockVersionFile = async (tx: Tx, version: { id: string; name: string }, path: string) => {
  const [file] = await tx.$queryRaw<LockedFile[]>`
    SELECT id, status::text AS status, size, sha256, "declaredSha256", "storageKey", "failureReason"
    FROM "ModelFile" WHERE "versionId" = ${version.id} AND path = ${path} FOR UPDATE`;
  if (!file) throw new AppError("NOT_FOUND", { userMessage: `Version ${version.name} has no file ${path}.` });
  return file;
};
