import { z } from "zod";
import { parseFiltersLeniently } from "./ignored-filters";

const slugPart = z
  .string()
  .min(1)
  .max(96)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "letters, digits, '.', '_' and '-' only");

/** `/models/{org}/{name}` route params. */
export const ZModelRouteParams = z.object({ org: slugPart, name: slugPart });
export type TModelRouteParams = z.infer<typeof ZModelRouteParams>;

/** Catalog search: `?q=&task=&page=&pageSize=` (web page and GET /api/v1/models). */
export const ZListModelsQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100, "at most 100 characters")
    .regex(/^[^\u0000-\u001f]*$/, "no control characters")
    .optional(),
  task: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z0-9-]*$/, "a task id such as text-generation")
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TListModelsQuery = z.infer<typeof ZListModelsQuery>;

/** One catalog entry as the public API shows it; new columns never leak through. */
export const ZCatalogModel = z.object({
  slug: z.string(),
  name: z.string(),
  summary: z.string(),
  task: z.string(),
  gating: z.enum(["OPEN", "AUTO", "MANUAL"]),
  license: z.string(),
  licenseVersion: z.string(),
  updatedAt: z.string(),
});
export type TCatalogModel = z.infer<typeof ZCatalogModel>;

export const ZCatalogPage = z.object({
  models: z.array(ZCatalogModel),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type TCatalogPage = z.infer<typeof ZCatalogPage>;

/**
 * Parses a query leniently for pages: an invalid option is dropped (and described in a sentence)
 * while the valid ones are kept, so one bad parameter does not reset the whole search.
 */
export const parseListModelsQueryLeniently = (params: Record<string, string | undefined>) => {
  const { data, ignored } = parseFiltersLeniently(ZListModelsQuery, params);
  return { query: data, ignored };
};

/** Turns Next's searchParams (string | string[] | undefined) into plain strings for parsing. */
export const firstValues = (params: Record<string, string | string[] | undefined>) =>
  Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ""),
  );
