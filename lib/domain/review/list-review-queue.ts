import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { buildProfileView, profileSelect } from "@/lib/domain/profile/get-profile";
import { ZReviewQueueQuery, type TReviewQueueQuery } from "@/lib/schemas/review";
import { addDays } from "@/lib/time";
import { decodeQueueCursor, encodeQueueCursor, type QueueCursor } from "./review-queue-cursor";

type Query = { sort: QueueCursor["sort"]; pageSize: number };

const rowSelect = {
  id: true,
  status: true,
  createdAt: true,
  answers: true,
  formVersion: true,
  ruleOutcome: true,
  model: { select: { slug: true, title: true } },
  licenseVersion: { select: { version: true, license: { select: { name: true } } } },
  user: { select: profileSelect },
} satisfies Prisma.AccessRequestSelect;

/** Rows strictly past the cursor's (createdAt, id) key in the direction read. */
const pastKey = ({ createdAt, id }: QueueCursor, ascending: boolean): Prisma.AccessRequestWhereInput =>
  ascending
    ? { createdAt: { gte: createdAt }, OR: [{ createdAt: { gt: createdAt } }, { id: { gt: id } }] }
    : { createdAt: { lte: createdAt }, OR: [{ createdAt: { lt: createdAt } }, { id: { lt: id } }] };

/**
 * One page from the cursor's key (or from the start), in (createdAt, id) order: the order of the
 * (status, createdAt, id) and (modelId, status, createdAt, id) indexes, read forward or backward, so
 * the database stops after a page however deep it is. One row more than a page says whether the
 * read could go on.
 */
const readPage = async (where: Prisma.AccessRequestWhereInput, q: Query, from: QueueCursor | undefined) => {
  const ascending = (q.sort === "oldest") === (from?.direction !== "before");
  const dir = ascending ? "asc" : "desc";
  const found = await db.accessRequest.findMany({
    where: from ? { AND: [where, pastKey(from, ascending)] } : where,
    orderBy: [{ createdAt: dir }, { id: dir }],
    take: q.pageSize + 1,
    select: rowSelect,
  });
  const rows = found.slice(0, q.pageSize);
  if (from?.direction === "before") rows.reverse();
  return { rows, more: found.length > q.pageSize };
};

/**
 * The requests a reviewer may decide on, filtered and sorted in the database, one keyset page at a
 * time (`nextCursor`, `prevCursor`), with each applicant's profile and how it is known.
 */
export const listReviewQueue = async (caller: Caller | null, raw: TReviewQueueQuery) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const q = ZReviewQueueQuery.parse(raw);
  const cursor = q.cursor === undefined ? undefined : decodeQueueCursor(q.cursor, q.sort);
  const modelWhere = [reviewableModelsWhere(caller), q.model ? { slug: q.model } : {}].filter(
    (w) => Object.keys(w).length > 0,
  );
  const where: Prisma.AccessRequestWhereInput = {
    status: q.status,
    // One's own requests are decided by someone else, so they are not in one's queue.
    userId: { not: caller.id },
    // An admin without a model filter needs no join on Model: the count then uses the index alone.
    ...(modelWhere.length ? { model: { AND: modelWhere } } : {}),
    ...(q.minAgeDays !== undefined ? { createdAt: { lte: addDays(new Date(), -q.minAgeDays) } } : {}),
    ...(q.country || q.affiliation
      ? {
          user: {
            ...(q.country ? { country: q.country } : {}),
            ...(q.affiliation
              ? {
                  affiliation: {
                    contains: q.affiliation.replace(/[\\%_]/g, (c) => `\\${c}`),
                    mode: "insensitive" as const,
                  },
                }
              : {}),
          },
        }
      : {}),
  };
  const [total, read] = await Promise.all([db.accessRequest.count({ where }), readPage(where, q, cursor)]);
  // Backward past the start with less than a page (requests decided meanwhile): the first page instead.
  const restart = cursor?.direction === "before" && !read.more && read.rows.length < q.pageSize;
  const from = restart ? undefined : cursor;
  const { rows, more } = restart ? await readPage(where, q, undefined) : read;
  const key = (r: { createdAt: Date; id: string } | undefined, direction: QueueCursor["direction"]) =>
    r ? encodeQueueCursor({ sort: q.sort, direction, createdAt: r.createdAt, id: r.id }) : null;
  // Read forward, a page follows if the extra row came back, and one precedes if we came from a
  // cursor; read backward, the other way round.
  const forward = from?.direction !== "before";
  return {
    total,
    pageSize: q.pageSize,
    nextCursor: !forward || more ? key(rows.at(-1) ?? from, "after") : null,
    prevCursor: forward ? (from ? key(rows[0] ?? from, "before") : null) : more ? key(rows[0], "before") : null,
    requests: rows.map(({ user, ...r }) => ({ ...r, applicant: buildProfileView(user) })),
  };
};
