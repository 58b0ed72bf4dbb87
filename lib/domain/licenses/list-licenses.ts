import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";

/**
 * Every license with its versions, newest first, and how many models are on each version; the
 * first version listed is the latest (what a new model starts on). Admins only. Texts are left
 * out (they can be long): `textLength` tells their size.
 */
export const listLicenses = async (caller: Caller | null) => {
  requireAdmin(caller);
  const [licenses, lengths] = await Promise.all([
    db.license.findMany({
      orderBy: [{ name: "asc" }, { slug: "asc" }],
      select: {
        id: true,
        slug: true,
        name: true,
        spdxId: true,
        url: true,
        createdAt: true,
        versions: {
          orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
          select: { id: true, version: true, sha256: true, publishedAt: true, _count: { select: { models: true } } },
        },
      },
    }),
    db.$queryRaw<{ id: string; length: number }[]>`SELECT id, length(text)::int AS length FROM "LicenseVersion"`,
  ]);
  const lengthOf = new Map(lengths.map((l) => [l.id, l.length]));
  return {
    licenses: licenses.map((l) => ({
      ...l,
      versions: l.versions.map(({ _count, ...v }) => ({
        ...v,
        modelCount: _count.models,
        textLength: lengthOf.get(v.id) ?? 0,
      })),
    })),
  };
};
