import { z } from "zod";

const instant = z.iso.datetime({ offset: true });

/**
 * The answer of `POST /api/v1/admin/fingerprints/traces` (what `traceFile` found), as JSON: the
 * grant a suspect file was delivered under with the evidence, or `found: false`.
 */
export const ZTraceResult = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  found: z.boolean(),
  /** Byte-identical to a copy delivered under the grant (found by sha256; no score then). */
  exact: z.boolean(),
  /** The correlation score z of the best grant, null for an exact match or when nothing was scored. */
  score: z.number().nullable(),
  /** Probability that a file without this grant's mark scores as high (Bonferroni over the grants searched). */
  falseAttributionProbability: z.number().min(0).max(1).nullable(),
  grantsSearched: z.number().int().min(0),
  /** The file's name as uploaded, for the page (not used by the trace). */
  fileName: z.string().nullable(),
  size: z.number().int().min(0),
  grant: z
    .object({
      id: z.string(),
      status: z.string(),
      createdAt: instant,
      decidedAt: instant.nullable(),
      expiresAt: instant.nullable(),
      revokedAt: instant.nullable(),
      user: z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() }),
      model: z.object({ id: z.string(), slug: z.string() }),
      downloads: z.array(
        z.object({
          issuedAt: instant,
          channel: z.string(),
          ip: z.string().nullable(),
          file: z.object({ path: z.string(), version: z.object({ name: z.string() }) }),
        }),
      ),
    })
    .nullable(),
});
export type TTraceResult = z.infer<typeof ZTraceResult>;

/** `?name=` of the trace upload: the suspect file's name, shown back on the page. */
export const ZTraceUploadQuery = z.strictObject({
  name: z
    .string()
    .trim()
    .max(255, "at most 255 characters")
    .regex(/^[^\p{Cc}/\\]*$/u, "a file name without slashes or control characters")
    .optional(),
});
