import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { gateError } from "@/lib/domain/access/gate-codes";
import { env } from "@/lib/env";
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
import { presignGet, signingNow } from "@/lib/storage/presign-get";
import type { DownloadDeps } from "./issue-download-url";
import { callerCopies } from "@/lib/domain/fingerprint/caller-copies";
import { loadManifestFiles } from "./load-manifest-files";
import { rateLimitDownloads } from "./rate-limit-downloads";
import { recordDownloadEvents } from "./record-download-events";

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
  const { model, version, grantId, hasQuota, hooked, base } = loaded;
  if (!loaded.ready.length) return ZManifest.parse({ ...base, files: [] });
  // A fingerprinted model's caller gets their own copies (other keys, sha256s and sizes).
  const ready = await callerCopies({ modelId: model.id, versionId: version.id, grantId, files: loaded.ready });

  await rateLimitDownloads(caller.id, { slug: model.slug, limiter });
  const ttlSeconds = env.DOWNLOAD_URL_TTL_SECONDS;
  const signedAt = signingNow();
  const urlExpiresAt = new Date(signedAt.getTime() + ttlSeconds * 1000);
  await recordDownloadEvents({
    userId: caller.id,
    model,
    version,
    grantId,
    files: ready,
    meta,
    issuedAt: signedAt,
    urlExpiresAt,
    via: "manifest",
    hasQuota,
    hooked,
  });
  const files = await Promise.all(
    ready.map(async (f) => {
      const { url, expiresAt } = await presignGet({
        key: f.storageKey,
        fileName: f.path,
        ttlSeconds,
        signingDate: signedAt,
      });
      return { path: f.path, size: Number(f.size), sha256: f.sha256, url, expiresAt };
    }),
  );
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
    ready: stored,
    base,
  } = await loadManifestFiles(caller, ref, ZManifestQuery.parse(raw));
  const ready = await callerCopies({ modelId: model.id, versionId: version.id, grantId, files: stored });
  return ZManifestListing.parse({
    ...base,
    files: ready.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })),
  });
};
