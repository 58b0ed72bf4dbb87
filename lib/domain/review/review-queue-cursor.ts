import { z } from "zod";
import { AppError } from "@/lib/errors";

export type QueueSort = "oldest" | "newest";

/**
 * Where a page of the review queue starts: the (createdAt, id) key of the row next to it, which way
 * to read from there, and the sort it belongs to. The key is the row's own, not its id alone, so a
 * cursor stays valid after its row is decided (and leaves the pending queue) or deleted.
 */
export type QueueCursor = { sort: QueueSort; direction: "after" | "before"; createdAt: Date; id: string };

// Short keys: the cursor travels in every Next/Previous address.
const ZPayload = z.strictObject({
  v: z.literal(1),
  s: z.enum(["oldest", "newest"]),
  d: z.enum(["after", "before"]),
  t: z.iso.datetime({ precision: 3 }),
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});

/** Longer than any cursor encodeQueueCursor makes; anything longer is refused unread. */
const MAX_CURSOR_CHARS = 256;

/**
 * Opaque to clients (base64url of a small JSON object). It needs no signature: it only says where to
 * start reading, and every filter and the caller's scope still apply to the rows it yields.
 */
export const encodeQueueCursor = (c: QueueCursor) =>
  Buffer.from(
    JSON.stringify({ v: 1, s: c.sort, d: c.direction, t: c.createdAt.toISOString(), id: c.id }),
    "utf8",
  ).toString("base64url");

const invalid = (why: string) =>
  new AppError("INVALID_CURSOR", {
    userMessage: `The page cursor ${why}; start again from the first page (omit cursor).`,
  });

/** Reads a cursor from the address bar, or throws `400 INVALID_CURSOR` saying what is wrong with it. */
export const decodeQueueCursor = (raw: string, sort: QueueSort): QueueCursor => {
  if (raw.length === 0 || raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw))
    throw invalid("is not one this server made");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid("is not one this server made");
  }
  const p = ZPayload.safeParse(json);
  if (!p.success) throw invalid("is not one this server made");
  if (p.data.s !== sort) throw invalid(`belongs to the "${p.data.s}" order, not "${sort}"`);
  return { sort: p.data.s, direction: p.data.d, createdAt: new Date(p.data.t), id: p.data.id };
};
