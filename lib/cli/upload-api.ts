// The portal's upload routes for `weights push` (admin token): start or resume, part URLs, record a
// part, complete, and the version's files with their status. Errors become CliErrors; a refusal of
// the upload itself (409 conflict or published version, 413 too large) is exit 4, not a network error.
import { CliError, EXIT } from "./errors";
import { errorFromResponse, portalFetch, type Portal } from "./http";

export type StartedUpload = {
  id: string;
  fileId: string;
  path: string;
  size: number;
  partSize: number;
  partCount: number;
  completedParts: { partNumber: number; size: number }[];
};
export type PartUrl = { partNumber: number; size: number; url: string };
export type VersionFile = {
  id: string;
  path: string;
  size: number;
  sha256: string | null;
  declaredSha256: string | null;
  status: string;
  failureReason: string | null;
};
export type VersionView = { version: { name: string; commitSha: string; status: string; files: VersionFile[] } };

/** What the upload engine needs from the portal; tests pass their own. */
export type UploadApi = {
  getVersion: () => Promise<VersionView>;
  start: (input: {
    path: string;
    size: number;
    sha256?: string;
    contentType?: string;
  }) => Promise<{ upload: StartedUpload; resumed: boolean }>;
  partUrls: (uploadId: string, partNumbers: number[]) => Promise<{ parts: PartUrl[]; expiresAt: string }>;
  recordPart: (uploadId: string, partNumber: number, part: { etag: string; size: number }) => Promise<void>;
  complete: (uploadId: string) => Promise<{ file: { id: string; path: string; status: string } }>;
};

/** `org/name@version`: the version is required (uploads go into a DRAFT version, never `main`). */
export const parsePushTarget = (target: string) => {
  const m = /^([^/@\s]+)\/([^/@\s]+)@(\S+)$/.exec(target);
  if (!m) throw new CliError(EXIT.USAGE, `Expected org/name@version (a DRAFT version of the model), got "${target}".`);
  const [, org, name, version] = m as unknown as [string, string, string, string];
  return { org, name, version, slug: `${org}/${name}` };
};

/** 409 (already uploaded, another size in progress, published version) and 413: the portal refuses this upload. */
const refusal = async (p: Portal, res: Response) => {
  const err = await errorFromResponse(p, res);
  return res.status === 409 || res.status === 413 ? new CliError(EXIT.GATE, err.message, err.action) : err;
};

export const createUploadApi = (p: Portal, target: { org: string; name: string; version: string }): UploadApi => {
  const versionPath = `/api/v1/admin/models/${encodeURIComponent(target.org)}/${encodeURIComponent(target.name)}/versions/${encodeURIComponent(target.version)}`;
  const uploads = `${versionPath}/uploads`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await portalFetch(
      p,
      path,
      body === undefined
        ? { method }
        : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    );
    if (!res.ok) throw await refusal(p, res);
    try {
      return (await res.json()) as T;
    } catch {
      throw new CliError(EXIT.NETWORK, `The portal sent an unreadable answer for ${method} ${path}.`);
    }
  };
  return {
    getVersion: () => call("GET", versionPath),
    start: (input) => call("POST", uploads, input),
    partUrls: (id, partNumbers) => call("POST", `${uploads}/${encodeURIComponent(id)}/part-urls`, { partNumbers }),
    recordPart: async (id, n, part) =>
      void (await call("PUT", `${uploads}/${encodeURIComponent(id)}/parts/${n}`, part)),
    complete: (id) => call("POST", `${uploads}/${encodeURIComponent(id)}/completion`),
  };
};
