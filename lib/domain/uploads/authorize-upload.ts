import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorizeModelWrite } from "@/lib/domain/models/authorize-model-write";
import { findModelVersion } from "@/lib/domain/models/find-model-version";
import { ZUploadRouteParams, type TUploadRouteParams } from "@/lib/schemas/uploads";

/**
 * An upload the caller may drive: admins only (a model's reviewers get 403, others 404, as for
 * every model change), and the upload must belong to that model's named version (404 otherwise).
 */
export const authorizeUpload = async (caller: Caller | null, rawParams: TUploadRouteParams) => {
  const { admin, model } = await authorizeModelWrite(caller, rawParams);
  const params = ZUploadRouteParams.parse(rawParams);
  const version = await findModelVersion(model.id, params.version);
  const upload = await db.upload.findFirst({
    where: { id: params.id, file: { versionId: version.id } },
    select: {
      id: true,
      s3UploadId: true,
      partSize: true,
      partCount: true,
      completedAt: true,
      file: { select: { id: true, path: true, size: true, storageKey: true, status: true } },
    },
  });
  if (!upload) throw new AppError("NOT_FOUND", { userMessage: "No such upload." });
  return { admin, model, version, upload: { ...upload, size: Number(upload.file.size) } };
};
