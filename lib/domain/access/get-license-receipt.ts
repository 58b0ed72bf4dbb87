import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const select = {
  id: true,
  acceptedAt: true,
  textSha256: true,
  ip: true,
  ipSource: true,
  userAgent: true,
  user: { select: { email: true, name: true } },
  licenseVersion: {
    select: {
      id: true,
      version: true,
      text: true,
      publishedAt: true,
      license: { select: { name: true, slug: true, spdxId: true } },
    },
  },
} as const;

/** One of the caller's license acceptances, with the exact text accepted. Another user's is a 404. */
export const getLicenseReceipt = async (caller: Caller | null, { id }: { id: string }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in?callbackUrl=%2Faccount%2Flicenses" });
  const receipt = await db.licenseAcceptance.findFirst({ where: { id, userId: caller.id }, select });
  if (!receipt) throw new AppError("NOT_FOUND", { userMessage: "No such acceptance." });
  return receipt;
};

/** Every license acceptance of the caller, newest first (without the texts). */
export const listMyLicenseAcceptances = async (caller: Caller | null) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in?callbackUrl=%2Faccount%2Flicenses" });
  return db.licenseAcceptance.findMany({
    where: { userId: caller.id },
    orderBy: { acceptedAt: "desc" },
    select: {
      id: true,
      acceptedAt: true,
      textSha256: true,
      licenseVersion: { select: { version: true, license: { select: { name: true } } } },
    },
  });
};
