/** A write refused by a unique index or constraint (Prisma's P2002): the row exists already. */
export const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && "code" in e && (e as { code: unknown }).code === "P2002";
