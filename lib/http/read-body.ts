import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { findControlCharacters } from "@/lib/schemas/text";

const tooLarge = (max: number) =>
  new AppError("PAYLOAD_TOO_LARGE", { userMessage: `The request body is larger than ${max} bytes.` });

/**
 * The body as bytes, at most `maxBytes`: a Content-Length above the cap is refused before reading,
 * and a body without one (chunked) or that lies about it is counted while it streams and cut off
 * at the cap, so an oversized post never sits in memory whole.
 */
export const readBodyBytes = async (req: Request, maxBytes = env.MAX_JSON_BODY_BYTES): Promise<Uint8Array> => {
  const declared = req.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) {
    if (/^\d+$/.test(declared)) throw tooLarge(maxBytes);
    throw new AppError("BAD_REQUEST", { userMessage: "Content-Length is not a number." });
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
};

/** The body as UTF-8 text; bytes that are not UTF-8 are a 400, not replacement characters. */
export const readBodyText = async (req: Request, maxBytes?: number): Promise<string> => {
  const bytes = await readBodyBytes(req, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", { userMessage: "The request body is not UTF-8 text." });
  }
};

/** The request body as JSON (capped, UTF-8, no control characters outside multi-line text), or a 4xx. */
export const readJson = async (req: Request, maxBytes?: number): Promise<unknown> =>
  parseJson(await readBodyText(req, maxBytes));

/** As readJson, but an empty (or blank) body is `{}`: for routes whose body is optional. */
export const readOptionalJson = async (req: Request, maxBytes?: number): Promise<unknown> => {
  const text = await readBodyText(req, maxBytes);
  return text.trim() ? parseJson(text) : {};
};

const parseJson = (text: string): unknown => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", { userMessage: "The request body must be JSON." });
  }
  const bad = findControlCharacters(value);
  if (bad !== undefined) throw new AppError("VALIDATION_FAILED", { fields: { [bad]: ["no control characters"] } });
  return value;
};
