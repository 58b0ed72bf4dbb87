import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZProfileInput } from "@/lib/schemas/profile";
import { profileChanges, snapshotOf } from "@/lib/schemas/profile-snapshot";
import { buildProfileView, profileSelect } from "./get-profile";

/**
 * Saves the caller's profile. Changing the ORCID iD drops its verification. Audited with the fields
 * that changed (and the country's old and new value: the download gate decides on it). Nobody is
 * notified: the gate re-checks the country on every download, and reviewers see what changed since
 * a request on its page.
 */
export const updateProfile = async (caller: Caller | null, raw: unknown) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in?callbackUrl=%2Faccount%2Fprofile" });
  const input = ZProfileInput.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: caller.id }, select: profileSelect });
    const orcid = input.orcid ?? null;
    const user = await tx.user.update({
      where: { id: caller.id },
      data: {
        name: input.name,
        affiliation: input.affiliation,
        position: input.position,
        country: input.country,
        orcid,
        orcidVerifiedAt: orcid && orcid === before.orcid ? before.orcidVerifiedAt : null,
        website: input.website ?? null,
        profileUpdatedAt: new Date(),
      },
      select: profileSelect,
    });
    const changes = profileChanges(snapshotOf(before), user);
    const country = changes.find((c) => c.field === "country");
    await appendAuditEvent(tx, {
      actorId: caller.id,
      action: "user.profile_updated",
      targetType: "User",
      targetId: caller.id,
      data: {
        fields: changes.map((c) => c.field),
        ...(country ? { country: { from: country.then, to: country.now } } : {}),
      },
    });
    return buildProfileView(user);
  });
};
