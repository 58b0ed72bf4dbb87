// `weights ls [query]`: the catalog the caller may see.
import { resolveConfig } from "../config";
import { getJson } from "../http";
import { formatColumns } from "../columns";

type Catalog = {
  models: { slug: string; summary?: string | null; task?: string | null; gating: string }[];
  total: number;
};

export const ls = async (query: string | undefined) => {
  const p = await resolveConfig();
  const qs = new URLSearchParams({ pageSize: "100", ...(query ? { q: query } : {}) });
  const { models, total } = await getJson<Catalog>(p, `/api/v1/models?${qs}`);
  if (models.length === 0) {
    console.log(query ? `No model matches "${query}".` : "No models.");
    return;
  }
  console.log(
    formatColumns(
      ["MODEL", "ACCESS", "TASK", "SUMMARY"],
      models.map((m) => [m.slug, m.gating.toLowerCase(), m.task ?? "", m.summary ?? ""]),
    ),
  );
  if (total > models.length) console.log(`… ${total - models.length} more; narrow with a query.`);
};
