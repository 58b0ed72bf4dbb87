// GET /api/openapi.json - the OpenAPI 3.1 document of the REST and Hub-compatible API, built from lib/openapi
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-static";
export const GET = () => Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
