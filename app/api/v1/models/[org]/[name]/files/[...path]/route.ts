// GET /api/v1/models/{org}/{name}/files/{...path}?revision= - 302 to a short-lived presigned URL of one file (the download gate decides)
import { issueDownloadUrl } from "@/lib/domain/downloads/issue-download-url";
import { apiRoute } from "@/lib/http/api-route";
import { requestMeta } from "@/lib/http/request-meta";

export const GET = apiRoute<{ org: string; name: string; path: string[] }>(
  async ({ req, caller, params }) => {
    const revision = req.nextUrl.searchParams.get("revision") ?? undefined;
    // The model page links here with the session cookie (WEB); scripts come with a bearer token (API).
    const channel = caller?.scope ? "API" : "WEB";
    const issued = await issueDownloadUrl(
      caller,
      { org: params.org, name: params.name, revision, path: params.path.join("/") },
      { channel, ...requestMeta(req) },
    );
    // The URL is a bearer credential until it expires: no cache may keep the redirect.
    return new Response(null, { status: 302, headers: { Location: issued.url, "Cache-Control": "no-store" } });
  },
  { issuesDownloads: true },
);
