import { z } from "zod";
import { ZRevision } from "./downloads";
import { ZOnnxInspection } from "./inspection";

/** `POST /api/v1/models/{org}/{name}/playground-sessions` body: which revision to try (default: the latest). */
export const ZStartPlaygroundSessionInput = z.object({ revision: ZRevision.optional() }).strict();
export type TStartPlaygroundSessionInput = z.input<typeof ZStartPlaygroundSessionInput>;

/** One ONNX file the browser loads: a short-lived URL, and what it must hash to before a session is created. */
export const ZPlaygroundFile = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.url(),
  expiresAt: z.coerce.date(),
  /** The inspect job's reading of the graph (inputs, outputs, metadata_props such as a vocabulary); null when not inspected. */
  inspection: ZOnnxInspection.nullable(),
});
export type TPlaygroundFile = z.infer<typeof ZPlaygroundFile>;

/** What a playground session start returns; parsed again in the browser (coerces the dates from JSON). */
export const ZPlaygroundSession = z.object({
  model: z.object({ slug: z.string(), title: z.string(), task: z.string() }),
  revision: z.object({ name: z.string(), commitSha: z.string() }),
  files: z.array(ZPlaygroundFile).min(1),
  maxBytes: z.number().int().positive(),
});
export type TPlaygroundSession = z.infer<typeof ZPlaygroundSession>;
