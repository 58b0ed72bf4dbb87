import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { countryName } from "@/lib/countries";
import { requiredProfileFields } from "@/lib/schemas/profile";

export type Verification = "verified" | "self-declared";

/**
 * A researcher's profile with how each field is known: the e-mail (and its domain) is proven by
 * signing in; the ORCID iD when the user signed in through ORCID; everything else is declared.
 */
export const buildProfileView = (user: {
  email: string | null;
  emailVerified: Date | null;
  name: string | null;
  affiliation: string | null;
  position: string | null;
  country: string | null;
  orcid: string | null;
  orcidVerifiedAt: Date | null;
  website: string | null;
}) => ({
  email: { value: user.email, verification: (user.emailVerified ? "verified" : "self-declared") as Verification },
  emailDomain: {
    value: user.email?.split("@")[1] ?? null,
    verification: (user.emailVerified ? "verified" : "self-declared") as Verification,
  },
  name: { value: user.name, verification: "self-declared" as Verification },
  affiliation: { value: user.affiliation, verification: "self-declared" as Verification },
  position: { value: user.position, verification: "self-declared" as Verification },
  country: { value: user.country, label: countryName(user.country), verification: "self-declared" as Verification },
  orcid: {
    value: user.orcid,
    verification: (user.orcid && user.orcidVerifiedAt ? "verified" : "self-declared") as Verification,
  },
  website: { value: user.website, verification: "self-declared" as Verification },
  isComplete: requiredProfileFields.every((f) => Boolean(user[f])),
});

export const profileSelect = {
  email: true,
  emailVerified: true,
  name: true,
  affiliation: true,
  position: true,
  country: true,
  orcid: true,
  orcidVerifiedAt: true,
  website: true,
} as const;

export const getProfile = async (caller: Caller | null) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in?callbackUrl=%2Faccount%2Fprofile" });
  return buildProfileView(await db.user.findUniqueOrThrow({ where: { id: caller.id }, select: profileSelect }));
};
