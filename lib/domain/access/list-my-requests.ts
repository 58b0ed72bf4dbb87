import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requestWindow } from "./judge-access";

const timelineLabels: Record<string, string> = {
  "access_request.submitted": "Submitted",
  "access_request.approved": "Approved",
  "access_request.rejected": "Rejected",
  "access_request.withdrawn": "Withdrawn",
  "access_request.expired": "Expired",
  "access_request.revoked": "Revoked",
  "access_request.extended": "Extended",
  "access_request.reminder_sent": "Expiry reminder sent",
};

/**
 * Every request the caller made, newest first, each with its timeline (from the audit log) and
 * the license acceptances made for that model's license while it was open.
 */
export const listMyRequests = async (caller: Caller | null) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in?callbackUrl=%2Faccount%2Frequests" });
  const requests = await db.accessRequest.findMany({
    where: { userId: caller.id },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      status: true,
      answers: true,
      formVersion: true,
      reasonCode: true,
      reasonText: true,
      ruleOutcome: true,
      createdAt: true,
      decidedAt: true,
      expiresAt: true,
      model: {
        select: {
          slug: true,
          title: true,
          gating: true,
          requestCooldownDays: true,
          currentLicenseVersion: { select: { licenseId: true } },
        },
      },
      licenseVersion: { select: { version: true, license: { select: { name: true } } } },
    },
  });
  const ids = requests.map((r) => r.id);
  const [events, acceptances] = await Promise.all([
    db.auditEvent.findMany({
      where: { targetType: "AccessRequest", targetId: { in: ids } },
      orderBy: { seq: "asc" },
      select: { targetId: true, action: true, createdAt: true, data: true },
    }),
    db.licenseAcceptance.findMany({
      where: { userId: caller.id },
      orderBy: { acceptedAt: "asc" },
      select: {
        id: true,
        acceptedAt: true,
        licenseVersion: { select: { version: true, licenseId: true, license: { select: { name: true } } } },
      },
    }),
  ]);
  const now = new Date();
  return requests.map((r, i) => {
    // A request's window ends where the next request for the same model starts.
    const end = requests.slice(0, i).findLast((n) => n.model.slug === r.model.slug)?.createdAt ?? null;
    // Only the latest request per model may lead to a new one, when the gate's rules allow it now or later.
    const reapply = end ? null : requestWindow(r.model, r, now);
    const timeline = [
      ...events
        .filter((e) => e.targetId === r.id)
        .flatMap((e) => {
          const entry = { at: e.createdAt, label: timelineLabels[e.action] ?? e.action, detail: reasonOf(e.data) };
          const outcome = ruleOutcomeOf(e.data);
          // The rules' verdict is its own step: "approved automatically", "sent to a reviewer", ...
          return outcome ? [entry, { at: e.createdAt, label: "Rule outcome", detail: outcome }] : [entry];
        }),
      // A license accepted after the request was made (for the same license): a re-acceptance.
      ...acceptances
        .filter(
          (a) =>
            a.licenseVersion.licenseId === r.model.currentLicenseVersion.licenseId &&
            a.acceptedAt > r.createdAt &&
            (!end || a.acceptedAt < end),
        )
        .map((a) => ({
          at: a.acceptedAt,
          label: "License accepted",
          detail: `${a.licenseVersion.license.name} ${a.licenseVersion.version}`,
        })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    return { ...r, timeline, reapply };
  });
};

const asRecord = (data: unknown) =>
  typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
const reasonOf = (data: unknown) => {
  const reason = asRecord(data).reason;
  return typeof reason === "string" ? reason : null;
};
const ruleOutcomeOf = (data: unknown) => {
  const outcome = asRecord(asRecord(data).ruleOutcome);
  return typeof outcome.reason === "string" ? outcome.reason : null;
};
export type MyRequest = Awaited<ReturnType<typeof listMyRequests>>[number];
