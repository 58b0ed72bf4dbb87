import "server-only";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { isValidOrcid } from "@/lib/schemas/profile";

/** ORCID's OpenID Connect issuers (production and sandbox). */
export const isOrcidIssuer = (issuer: string | undefined) => {
  if (!issuer) return false;
  const host = new URL(issuer).host;
  return host === "orcid.org" || host === "sandbox.orcid.org";
};

/**
 * Signing in through ORCID proves the iD: ORCID's `sub` is the iD itself. It becomes the profile's
 * ORCID, marked verified (audited). Anything that is not a valid iD is ignored.
 */
export const recordOrcidSignIn = async ({ userId, orcid }: { userId: string; orcid: string }) => {
  const id = orcid.replace(/^https?:\/\/(sandbox\.)?orcid\.org\//, "").toUpperCase();
  if (!isValidOrcid(id)) return false;
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { orcid: id, orcidVerifiedAt: new Date() } });
    await appendAuditEvent(tx, {
      actorId: userId,
      action: "user.orcid_verified",
      targetType: "User",
      targetId: userId,
      data: { orcid: id },
    });
    return true;
  });
};
