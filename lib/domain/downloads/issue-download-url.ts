import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { describeGate, gateError } from "@/lib/domain/access/gate-codes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  ZDownloadMeta,
  ZIssueDownloadUrlInput,
  ZIssuedDownload,
  type TDownloadMeta,
  type TIssueDownloadUrlInput,
  type TIssuedDownload,
} from "@/lib/schemas/downloads";
import { presignGet, signingNow } from "@/lib/storage/presign-get";
import { callerCopies } from "@/lib/domain/fingerprint/caller-copies";
import { authorizeDownload } from "./authorize-download";
import { rateLimitDownloads, type DownloadRateLimiter } from "./rate-limit-downloads";
import { recordDownloadEvents } from "./record-download-events";

/** Test seams; the app uses the defaults. */
export type DownloadDeps = { limiter?: DownloadRateLimiter };

/** FILE_NOT_READY with a message that says whether waiting helps. */
export const fileNotReady = (slug: string, status: string) =>
  new AppError("FILE_NOT_READY", {
    userMessage:
      status === "FAILED"
        ? "This file failed verification and cannot be downloaded."
        : describeGate("FILE_NOT_READY", { slug }).message,
    action: `/models/${slug}`,
  });

/**
 * A short-lived signed URL for one file, through the whole download gate in the order of docs/ARCHITECTURE.md:
 * caller known → model visible → grant live → current license accepted → revision and file
 * exist (404) → file READY → rate limit → DownloadEvent + audit row (one transaction) → URL signed.
 * Every channel (web, REST, Hub, CLI, playground) calls this; refusals write nothing.
 */
export const issueDownloadUrl = async (
  caller: Caller | null,
  raw: TIssueDownloadUrlInput,
  rawMeta: TDownloadMeta,
  { limiter }: DownloadDeps = {},
): Promise<TIssuedDownload> => {
  // Who asks comes before what they ask for.
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${raw.org}/${raw.name}` });
  const input = ZIssueDownloadUrlInput.parse(raw);
  const meta = ZDownloadMeta.parse(rawMeta);
  const { model, version, file: stored, grantId, hasQuota, hooked } = await authorizeDownload(caller, input, input);
  if (!stored) throw new AppError("NOT_FOUND", { userMessage: "No such file in this revision." });
  if (stored.status !== "READY" || !stored.sha256) throw fileNotReady(model.slug, stored.status);
  // A fingerprinted model's caller gets their own copy (a different key, sha256 and size).
  const [file] = (await callerCopies({
    modelId: model.id,
    versionId: version.id,
    grantId,
    files: [{ ...stored, sha256: stored.sha256 }],
  })) as [typeof stored & { sha256: string }];
  await rateLimitDownloads(caller.id, { slug: model.slug, limiter });

  const ttlSeconds = env.DOWNLOAD_URL_TTL_SECONDS;
  const signedAt = signingNow();
  const urlExpiresAt = new Date(signedAt.getTime() + ttlSeconds * 1000);
  await recordDownloadEvents({
    userId: caller.id,
    model,
    version,
    grantId,
    files: [file],
    meta,
    issuedAt: signedAt,
    urlExpiresAt,
    via: "file",
    hasQuota,
    hooked,
  });
  const { url, expiresAt } = await presignGet({
    key: file.storageKey,
    fileName: file.path,
    ttlSeconds,
    signingDate: signedAt,
  });
  return ZIssuedDownload.parse({
    url,
    expiresAt,
    file: { path: file.path, size: Number(file.size), sha256: file.sha256 },
    revision: { name: version.name, commitSha: version.commitSha },
  });
};
