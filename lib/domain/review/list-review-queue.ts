import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { buildProfileView } from "@/lib/domain/profile/get-profile";
import { ZReviewQueueQuery, type TReviewQueueQuery } from "@/lib/schemas/review";
import { addDays } from "@/lib/time";

/**
 * The requests a reviewer may decide on, filtered and sorted in the database (index on
 * model, status, createdAt), one page at a time, with each applicant's profile and how it is known.
 */
export const listReviewQueue = async (caller: Caller | null, raw: TReviewQueueQuery) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const q = ZReviewQueueQuery.parse(raw);
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
  const [total, rows] = await db.$transaction([
    db.accessRequest.count({ where }),
    db.accessRequest.findMany({
      where,
      orderBy: [{ createdAt: q.sort === "oldest" ? "asc" : "desc" }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: {
        id: true,
        status: true,
        createdAt: true,
        answers: true,
        formVersion: true,
        ruleOutcome: true,
        model: { select: { slug: true, title: true } },
        licenseVersion: { select: { version: true, license: { select: { name: true } } } },
        user: {
          select: {
            email: true,
            emailVerified: true,
            name: true,
            affiliation: true,
            position: true,
            country: true,
            orcid: true,
            orcidVerifiedAt: true,
            website: true,
          },
        },
      },
    }),
  ]);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    requests: rows.map(({ user, ...r }) => ({ ...r, applicant: buildProfileView(user) })),
  };
};
