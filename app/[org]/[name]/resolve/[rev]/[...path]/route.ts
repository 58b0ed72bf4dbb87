// GET and HEAD /{org}/{name}/resolve/{rev}/{path} - Hugging Face Hub file download: 302 to a short-lived signed S3 URL
import { hubRoute } from "@/lib/http/hub-route";
import { resolveHubFile } from "@/lib/domain/hub/resolve-hub-file";
import { requestMeta } from "@/lib/http/request-meta";

/**
 * HEAD runs the whole gate and records a DownloadEvent, exactly like GET: huggingface_hub (Python)
 * HEADs, reads Location, X-Repo-Commit, X-Linked-Etag and X-Linked-Size, then fetches the Location
 * directly without coming back, so a HEAD that answers with a usable Location *is* the issuance.
 * Every signed URL handed out is recorded once; a client that HEADs and then GETs here
 * is counted twice, which is the honest count of URLs issued.
 */
const resolve = hubRoute<{ org: string; name: string; rev: string; path: string[] }>(
  async ({ req, caller, params }) => {
    const issued = await resolveHubFile(
      caller,
      { org: params.org, name: params.name, rev: params.rev, path: params.path.join("/") },
      requestMeta(req),
    );
    return new Response(null, {
      status: 302,
      headers: {
        Location: issued.url,
        "X-Repo-Commit": issued.revision.commitSha,
        // As the Hub for an LFS file: ETag is the pointer's git blob id, X-Linked-Etag the content's sha256.
        ETag: `"${issued.pointer.oid}"`,
        "X-Linked-Etag": `"${issued.file.sha256}"`,
        "X-Linked-Size": String(issued.file.size),
        "Content-Length": "0",
        // The Location is a bearer credential for a few minutes: no cache may keep it.
        "Cache-Control": "no-store",
      },
    });
  },
  { issuesDownloads: true },
);

export const GET = resolve;
export const HEAD = resolve;
