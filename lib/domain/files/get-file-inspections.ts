import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { visibleModelsWhere } from "@/lib/domain/catalog/visible-models-where";
import { AppError } from "@/lib/errors";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import { ZFileInspection, type TFileInspection } from "@/lib/schemas/inspection";

export type FileInspectionRow = { path: string; inspection: TFileInspection };

/**
 * The inspections of the latest published version's files, for the model page: anyone who may see
 * the model reads them (metadata, like the file list; the bytes stay behind the gate). 404 if the
 * model is not visible. A stored value that no longer parses (an older schema) is left out.
 */
export const getFileInspections = async (
  caller: Caller | null,
  params: TModelRouteParams,
): Promise<FileInspectionRow[]> => {
  const { org, name } = ZModelRouteParams.parse(params);
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, visibleModelsWhere(caller)] },
    select: {
      latestVersion: {
        select: {
          files: { where: { status: "READY" }, orderBy: { path: "asc" }, select: { path: true, inspection: true } },
        },
      },
    },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  return (model.latestVersion?.files ?? []).flatMap((f) => {
    const parsed = ZFileInspection.safeParse(f.inspection);
    return parsed.success ? [{ path: f.path, inspection: parsed.data }] : [];
  });
};
