import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { callerCopies } from "@/lib/domain/fingerprint/caller-copies";
import { env } from "@/lib/env";
import type { TDownloadMeta } from "@/lib/schemas/downloads";
import { presignGet, signingNow } from "@/lib/storage/presign-get";
import type { authorizeDownload } from "./authorize-download";
import type { DownloadRateLimiter } from "./rate-limit-downloads";
import { recordDownloadEvents, type RecordInput } from "./record-download-events";

type Authorized = Pick<
  Awaited<ReturnType<typeof authorizeDownload>>,
  "model" | "version" | "grantId" | "hasQuota" | "hooked" | "fingerprinting"
>;
type IssuableFile = { id: string; path: string; size: bigint; sha256: string; storageKey: string };

/**
 * The gate's steps after the decision, the same for every channel (a file, a manifest, a Hub
 * resolve, a playground session): the caller's own copy of each file (a fingerprinted model's
 * marked copy; COPY_PREPARING while it is made) → rate limit, one charge per issuance, and one
 * DownloadEvent + audit row per file, in one transaction → URLs signed at the recorded time, valid
 * DOWNLOAD_URL_TTL_SECONDS. A URL exists only once its event is committed.
 */
export const issueSignedUrls = async <F extends IssuableFile>(
  caller: Caller,
  gate: Authorized,
  files: F[],
  { meta, via, limiter }: { meta: TDownloadMeta; via: RecordInput["via"]; limiter?: DownloadRateLimiter },
) => {
  const { model, version, grantId, hasQuota, hooked, fingerprinting } = gate;
  const served = fingerprinting
    ? await callerCopies({ modelId: model.id, versionId: version.id, grantId, files })
    : files;
  const ttlSeconds = env.DOWNLOAD_URL_TTL_SECONDS;
  const signedAt = signingNow();
  const urlExpiresAt = new Date(signedAt.getTime() + ttlSeconds * 1000);
  await recordDownloadEvents({
    userId: caller.id,
    model,
    version,
    grantId,
    files: served,
    meta,
    issuedAt: signedAt,
    urlExpiresAt,
    via,
    hasQuota,
    hooked,
    // Charged where the events are written: one statement fewer, and no charge for a refused grant.
    rateLimit: { limiter },
  });
  return Promise.all(
    served.map(async (file) => {
      const signed = await presignGet({ key: file.storageKey, fileName: file.path, ttlSeconds, signingDate: signedAt });
      return { file, url: signed.url, expiresAt: signed.expiresAt };
    }),
  );
};
