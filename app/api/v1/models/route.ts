// GET /api/v1/models?q=&task=&page=&pageSize= - the catalog the caller may see, as JSON
import { listModels } from "@/lib/domain/catalog/list-models";
import { apiRoute } from "@/lib/http/api-route";
import { firstValues, ZListModelsQuery } from "@/lib/schemas/catalog";

// Empty parameters (`?page=`) count as absent, as on the web page.
export const GET = apiRoute(async ({ req, caller }) =>
  listModels(caller, ZListModelsQuery.parse(firstValues(Object.fromEntries(req.nextUrl.searchParams)))),
);
