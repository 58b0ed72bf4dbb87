// Kept apart from the other upload schemas so that the CLI can import it: it needs zod only.
import { z } from "zod";

const noControl = /^[^\u0000-\u001f\u007f]*$/;

/** A file's path inside a version: relative, `/`-separated, no `.`/`..` segments, no control characters. */
export const ZUploadPath = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .regex(noControl, "no control characters")
  .refine((p) => !p.startsWith("/") && !p.includes("\\"), "a relative path with / between folders")
  // S3 keys are at most 1,024 bytes, and the storage key adds about 75 (models/{id}/{commit}/).
  .refine((p) => new TextEncoder().encode(p).length <= 900, "at most 900 bytes in UTF-8")
  .refine((p) => p.split("/").every((seg) => seg !== "" && seg !== "." && seg !== ".."), "no empty, . or .. segments");
