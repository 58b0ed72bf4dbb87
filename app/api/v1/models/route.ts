// GET /api/v1/models?q=&task=&page=&pageSize= - the catalog the caller may see, as JSON
import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listModels } from "@/lib/domain/catalog/list-models";
import { handleApiError } from "@/lib/http/handle-api-error";
import { firstValues, ZListModelsQuery } from "@/lib/schemas/catalog";

export const GET = async (req: NextRequest) => {
  try {
    // Empty parameters (`?page=`) count as absent, as on the web page.
    const query = ZListModelsQuery.parse(firstValues(Object.fromEntries(req.nextUrl.searchParams)));
    return NextResponse.json(await listModels(await getCurrentUser(), query));
  } catch (e) {
    return handleApiError(e);
  }
};
