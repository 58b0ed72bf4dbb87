import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { gateError } from "@/lib/domain/access/gate-codes";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import {
  ZDownloadMeta,
  ZManifest,
  ZManifestListing,
  ZManifestQuery,
  type TDownloadMeta,
  type TManifest,
  type TManifestListing,
} from "@/lib/schemas/downloads";
import type { DownloadDeps } from "./issue-download-url";
import { callerCopies } from "@/lib/domain/fingerprint/caller-copies";
import { loadManifestFiles } from "./load-manifest-files";
import { issueSignedUrls } from "./issue-signed-urls";

type ManifestInput = TDownloadMeta & { revision?: string; paths?: string[] };

/**
 * Every downloadable file of one revision (or the named `paths`) with a freshly signed URL each
 * (the CLI's `pull`, the API's manifest, "download all"): one gate check, one rate-limit charge
 * for the whole manifest (a model with more files than the per-minute limit must still be
 * downloadable), one DownloadEvent + audit row per URL, all in one transaction. Files not READY
 * get no URL and are listed in `notReady`, so a client can tell a partial revision from a complete one.
 */
export const getManifest = async (
  caller: Caller | null,
  rawRef: TModelRouteParams,
  { revision: rawRevision, paths: rawPaths, ...rawMeta }: ManifestInput,
  { limiter }: DownloadDeps = {},
): Promise<TManifest> => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${rawRef.org}/${rawRef.name}` });
  const ref = ZModelRouteParams.parse(rawRef);
  const query = ZManifestQuery.parse({ revision: rawRevision, paths: rawPaths });
  const meta = ZDownloadMeta.parse(rawMeta);
  const loaded = await loadManifestFiles(caller, ref, query);
  if (!loaded.ready.length) return ZManifest.parse({ ...loaded.base, files: [] });
  const issued = await issueSignedUrls(caller, loaded, loaded.ready, { meta, via: "manifest", limiter });
  const files = issued.map(({ file: f, url, expiresAt }) => ({
    path: f.path,
    size: Number(f.size),
    sha256: f.sha256,
    url,
    expiresAt,
  }));
  const { base } = loaded;
  return ZManifest.parse({ ...base, files });
};

/**
 * The manifest without URLs (`urls=false`): the same gate and files, nothing issued, recorded or
 * charged. The CLI lists first, skips what it already has, then asks for URLs for the rest only,
 * so a re-run spends neither rate limit nor download quota.
 */
export const listManifest = async (
  caller: Caller | null,
  rawRef: TModelRouteParams,
  raw: { revision?: string; paths?: string[] },
): Promise<TManifestListing> => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${rawRef.org}/${rawRef.name}` });
  const ref = ZModelRouteParams.parse(rawRef);
  const {
    model,
    version,
    grantId,
    fingerprinting,
    ready: stored,
    base,
  } = await loadManifestFiles(caller, ref, ZManifestQuery.parse(raw));
  const ready = fingerprinting
    ? await callerCopies({ modelId: model.id, versionId: version.id, grantId, files: stored })
    : stored;
  return ZManifestListing.parse({
    ...base,
    files: ready.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })),
  });
};
