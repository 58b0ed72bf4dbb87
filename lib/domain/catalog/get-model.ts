import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { visibleModelsWhere } from "./visible-models-where";

/** A model page's data: card, license, and the latest published version's files. 404 if not visible. */
export const getModel = async (caller: Caller | null, { org, name }: TModelRouteParams) => {
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, visibleModelsWhere(caller)] },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      task: true,
      gating: true,
      cardMarkdown: true,
      playgroundEnabled: true,
      fingerprinting: true,
      updatedAt: true,
      currentLicenseVersion: {
        select: {
          id: true,
          version: true,
          sha256: true,
          publishedAt: true,
          license: { select: { slug: true, name: true, spdxId: true } },
        },
      },
      latestVersion: {
        select: {
          name: true,
          commitSha: true,
          publishedAt: true,
          files: {
            orderBy: { path: "asc" },
            select: { path: true, size: true, sha256: true, status: true },
          },
        },
      },
    },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  const files = (model.latestVersion?.files ?? []).map((f) => ({ ...f, size: Number(f.size) }));
  return { ...model, latestVersion: model.latestVersion ? { ...model.latestVersion, files } : null };
};
export type TModelDetail = Awaited<ReturnType<typeof getModel>>;
