import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZCatalogPage, type TCatalogPage, type TListModelsQuery } from "@/lib/schemas/catalog";
import { visibleModelsWhere } from "./visible-models-where";

/** Prisma's `contains` is an ILIKE pattern: escape % and _ so the search text matches literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The catalog: models the caller may see, searched by name and filtered by task, newest first. */
export const listModels = async (caller: Caller | null, query: TListModelsQuery): Promise<TCatalogPage> => {
  const { q, task, page, pageSize } = query;
  const where: Prisma.ModelWhereInput = {
    AND: [
      visibleModelsWhere(caller),
      q
        ? {
            OR: [
              { slug: { contains: likeLiteral(q), mode: "insensitive" } },
              { title: { contains: likeLiteral(q), mode: "insensitive" } },
            ],
          }
        : {},
      task ? { task } : {},
    ],
  };
  const [total, rows] = await db.$transaction([
    db.model.count({ where }),
    db.model.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        slug: true,
        title: true,
        summary: true,
        task: true,
        gating: true,
        updatedAt: true,
        currentLicenseVersion: { select: { version: true, license: { select: { name: true } } } },
      },
    }),
  ]);
  return ZCatalogPage.parse({
    page,
    pageSize,
    total,
    models: rows.map((m) => ({
      slug: m.slug,
      name: m.title,
      summary: m.summary,
      task: m.task,
      gating: m.gating,
      license: m.currentLicenseVersion.license.name,
      licenseVersion: m.currentLicenseVersion.version,
      updatedAt: m.updatedAt.toISOString(),
    })),
  });
};
