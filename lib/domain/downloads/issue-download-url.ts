import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { describeGate, gateError } from "@/lib/domain/access/gate-codes";
import { AppError } from "@/lib/errors";
import {
  ZDownloadMeta,
  ZIssueDownloadUrlInput,
  ZIssuedDownload,
  type TDownloadMeta,
  type TIssueDownloadUrlInput,
  type TIssuedDownload,
} from "@/lib/schemas/downloads";
import { authorizeDownload } from "./authorize-download";
import { issueSignedUrls } from "./issue-signed-urls";
import type { DownloadRateLimiter } from "./rate-limit-downloads";

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
  const gate = await authorizeDownload(caller, input, input);
  const { model, version, file } = gate;
  if (!file) throw new AppError("NOT_FOUND", { userMessage: "No such file in this revision." });
  if (file.status !== "READY" || !file.sha256) throw fileNotReady(model.slug, file.status);
  const [issued] = await issueSignedUrls(caller, gate, [{ ...file, sha256: file.sha256 }], {
    meta,
    via: "file",
    limiter,
  });
  const { url, expiresAt, file: served } = issued!;
  return ZIssuedDownload.parse({
    url,
    expiresAt,
    file: { path: served.path, size: Number(served.size), sha256: served.sha256 },
    revision: { name: version.name, commitSha: version.commitSha },
  });
};
