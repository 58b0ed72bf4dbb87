import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { issueDownloadUrl, type DownloadDeps } from "@/lib/domain/downloads/issue-download-url";
import { isAppError } from "@/lib/errors";
import { ZHubResolveParams } from "@/lib/schemas/hub";
import { findHubRevision } from "./find-hub-revision";
import { entryNotFound } from "./hub-error";
import { lfsPointer } from "./lfs-pointer";

export type THubResolveInput = { org: string; name: string; rev: string; path: string };

/**
 * `/{org}/{name}/resolve/{rev}/{path}`: the whole download gate (issueDownloadUrl, channel HF, one
 * DownloadEvent) and what the Hub's clients read from the redirect: commit, size, the LFS pointer's
 * blob id (ETag) and the sha256 (X-Linked-Etag). A 404 is told apart (repository, revision, file)
 * only after the gate refused with one, so the common path costs no extra query.
 */
export const resolveHubFile = async (
  caller: Caller | null,
  raw: THubResolveInput,
  meta: { ip: string | null; userAgent: string | null },
  deps: DownloadDeps = {},
) => {
  try {
    const { org, name, rev, path } = ZHubResolveParams.parse(raw);
    const issued = await issueDownloadUrl(caller, { org, name, revision: rev, path }, { channel: "HF", ...meta }, deps);
    return { ...issued, pointer: lfsPointer(issued.file.sha256, issued.file.size) };
  } catch (e) {
    if (!isAppError(e) || e.code !== "NOT_FOUND") throw e;
    // Which part is missing: findHubRevision throws RepoNotFound / RevisionNotFound itself.
    const { version } = await findHubRevision(caller, raw);
    const file = await db.modelFile.findUnique({
      where: { versionId_path: { versionId: version.id, path: raw.path } },
      select: { id: true },
    });
    throw file ? e : entryNotFound(raw.path);
  }
};
