import { z } from "zod";
import { ZRevision } from "./downloads";
import { ZOnnxInspection } from "./inspection";

/** `POST /api/v1/models/{org}/{name}/playground-sessions` body: which revision to try (default: the latest). */
export const ZStartPlaygroundSessionInput = z.object({ revision: ZRevision.optional() }).strict();
export type TStartPlaygroundSessionInput = z.input<typeof ZStartPlaygroundSessionInput>;

/** An external-data file an ONNX graph names: `location` as the graph writes it (what ORT looks up), `path` in the revision. */
export const ZExternalDataRef = z.object({ location: z.string(), path: z.string() });

/**
 * One file the browser loads: an ONNX graph, or an external-data file holding a graph's weights;
 * a short-lived URL, and what it must hash to before a session is created.
 */
export const ZPlaygroundFile = z.object({
  path: z.string(),
  kind: z.enum(["onnx", "external-data"]),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.url(),
  expiresAt: z.coerce.date(),
  /** The inspect job's reading of the graph (inputs, outputs, metadata_props such as a vocabulary); null when not inspected. */
  inspection: ZOnnxInspection.nullable(),
  /** For a graph: the external-data files its session needs (empty when its weights are inside it). */
  externalData: z.array(ZExternalDataRef),
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
