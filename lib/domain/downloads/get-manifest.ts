import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { gateError } from "@/lib/domain/access/gate-codes";
import { env } from "@/lib/env";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import { ZDownloadMeta, ZManifest, ZManifestQuery, type TDownloadMeta, type TManifest } from "@/lib/schemas/downloads";
import { presignGet, signingNow } from "@/lib/storage/presign-get";
import { authorizeDownload } from "./authorize-download";
import { findRevision } from "./find-revision";
import type { DownloadDeps } from "./issue-download-url";
import { rateLimitDownloads } from "./rate-limit-downloads";
import { recordDownloadEvents } from "./record-download-events";

/**
 * Every downloadable file of one revision with a freshly signed URL each (the CLI's `pull`, the
 * API's manifest, "download all"): one gate check, one rate-limit charge for the whole manifest
 * (a model with more files than the per-minute limit must still be downloadable), one
 * DownloadEvent + audit row per URL, all in one transaction. Files not READY get no URL and are
 * listed in `notReady`, so a client can tell a partial revision from a complete one.
 */
export const getManifest = async (
  caller: Caller | null,
  rawRef: TModelRouteParams,
  { revision: rawRevision, ...rawMeta }: TDownloadMeta & { revision?: string },
  { limiter }: DownloadDeps = {},
): Promise<TManifest> => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${rawRef.org}/${rawRef.name}` });
  const ref = ZModelRouteParams.parse(rawRef);
  const { revision } = ZManifestQuery.parse({ revision: rawRevision });
  const meta = ZDownloadMeta.parse(rawMeta);
  const { model, grantId } = await authorizeDownload(caller, ref);
  const version = await findRevision(model.id, revision);
  const all = await db.modelFile.findMany({
    where: { versionId: version.id },
    select: { id: true, path: true, size: true, sha256: true, status: true, storageKey: true },
  });
  // Code-unit order, the same whatever the database's collation.
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ready = all.filter((f) => f.status === "READY" && f.sha256);
  const notReady = all.filter((f) => !ready.includes(f)).map((f) => ({ path: f.path, status: f.status }));
  const base = { model: { slug: model.slug, title: model.title }, revision: { name: version.name, commitSha: version.commitSha }, notReady };
  if (!ready.length) return ZManifest.parse({ ...base, files: [] });

  await rateLimitDownloads(caller.id, { slug: model.slug, limiter });
  const ttlSeconds = env.DOWNLOAD_URL_TTL_SECONDS;
  const signedAt = signingNow();
  const urlExpiresAt = new Date(signedAt.getTime() + ttlSeconds * 1000);
  await recordDownloadEvents({ userId: caller.id, model, version, grantId, files: ready, meta, issuedAt: signedAt, urlExpiresAt, via: "manifest" });
  const files = await Promise.all(
    ready.map(async (f) => {
      const { url, expiresAt } = await presignGet({ key: f.storageKey, fileName: f.path, ttlSeconds, signingDate: signedAt });
      return { path: f.path, size: Number(f.size), sha256: f.sha256, url, expiresAt };
    }),
  );
  return ZManifest.parse({ ...base, files });
};
