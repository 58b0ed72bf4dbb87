import { z } from "zod";
import { ZModelRouteParams } from "./catalog";

const noControl = /^[^\u0000-\u001f\u007f]*$/;

/** A version's name (`v1`, `main` = the latest published) or its 40-hex commit id. */
export const ZRevision = z.string().trim().min(1).max(128).regex(noControl, "no control characters");

/** A file's path inside a version, as listed (`onnx/model.onnx`). */
export const ZFilePath = z.string().min(1).max(1024).regex(noControl, "no control characters");

export const downloadChannels = ["WEB", "API", "CLI", "HF", "PLAYGROUND"] as const;

/** Where a download URL is issued from and for whom: recorded on the DownloadEvent. */
export const ZDownloadMeta = z.object({
  channel: z.enum(downloadChannels),
  ip: z.string().nullable(),
  /** How `ip` was obtained (lib/http/client-address.ts). */
  ipSource: z.enum(["socket", "forwarded", "unknown"]).optional(),
  userAgent: z.string().nullable(),
});
export type TDownloadMeta = z.infer<typeof ZDownloadMeta>;

/** One file of one revision: `/{org}/{name}/resolve/{revision}/{path}`, the web button, the CLI. */
export const ZIssueDownloadUrlInput = ZModelRouteParams.extend({ revision: ZRevision.optional(), path: ZFilePath });
export type TIssueDownloadUrlInput = z.input<typeof ZIssueDownloadUrlInput>;

/**
 * `GET /api/v1/models/{org}/{name}/manifest?revision=&path=…`: `path` (repeatable) narrows it to
 * those files (`urls=false`, read by the route, lists them without issuing anything).
 */
export const ZManifestQuery = z.object({
  revision: ZRevision.optional(),
  paths: z.array(ZFilePath).min(1).max(500, "at most 500 paths per manifest").optional(),
});

const ZRevisionOut = z.object({ name: z.string(), commitSha: z.string() });
const ZFileOut = z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string().length(64) });

/** What issueDownloadUrl returns (the route redirects to `url`; never log it). */
export const ZIssuedDownload = z.object({
  url: z.url(),
  expiresAt: z.date(),
  file: ZFileOut,
  revision: ZRevisionOut,
});
export type TIssuedDownload = z.infer<typeof ZIssuedDownload>;

/** A revision's READY files, each with a freshly signed URL; files not (yet) downloadable are named in `notReady`. */
export const ZManifest = z.object({
  model: z.object({ slug: z.string(), title: z.string() }),
  revision: ZRevisionOut,
  files: z.array(ZFileOut.extend({ url: z.url(), expiresAt: z.date() })),
  notReady: z.array(z.object({ path: z.string(), status: z.enum(["UPLOADING", "VERIFYING", "READY", "FAILED"]) })),
});
export type TManifest = z.infer<typeof ZManifest>;

/** The manifest without URLs (`urls=false`): what a client may download, nothing issued. */
export const ZManifestListing = ZManifest.extend({ files: z.array(ZFileOut) });
export type TManifestListing = z.infer<typeof ZManifestListing>;
