import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getGrantQuota } from "@/lib/domain/downloads/get-grant-quota";
import { buildProfileView, profileSelect } from "@/lib/domain/profile/get-profile";
import { parseFormDefinition } from "@/lib/schemas/access-form";
import type { RuleOutcome } from "@/lib/domain/access/evaluate-rules";
import { parseProfileSnapshot, profileChanges } from "@/lib/schemas/profile-snapshot";

/**
 * Everything a reviewer needs to decide one request: the applicant's profile with how each field
 * is known, the answers under their questions, the license version accepted (and when), the
 * applicant's other requests on models this reviewer sees, the rule outcome, the request's
 * own audit trail, and the profile as submitted with what changed since (null: not recorded). 404 for a request outside the caller's models.
 */
export const getReviewRequest = async (caller: Caller | null, { id }: { id: string }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const scope = reviewableModelsWhere(caller);
  const request = await db.accessRequest.findFirst({
    where: { id, model: scope },
    select: {
      id: true,
      status: true,
      createdAt: true,
      decidedAt: true,
      expiresAt: true,
      revokedAt: true,
      withdrawnAt: true,
      reminderSentAt: true,
      reasonCode: true,
      reasonText: true,
      answers: true,
      formVersion: true,
      ruleOutcome: true,
      downloadQuotaFiles: true,
      downloadQuotaBytes: true,
      profileSnapshot: true,
      userId: true,
      decidedBy: { select: { name: true, email: true } },
      model: {
        select: { id: true, slug: true, title: true, formDefinition: true, formVersion: true, grantDurationDays: true },
      },
      licenseVersion: {
        select: { id: true, version: true, sha256: true, license: { select: { name: true, slug: true } } },
      },
      user: { select: profileSelect },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", { userMessage: "No such request." });
  const { user, model, userId, answers, downloadQuotaFiles, downloadQuotaBytes, profileSnapshot, ...rest } = request;
  const submitted = parseProfileSnapshot(profileSnapshot);
  const [acceptance, previous, audit, quotaUsage] = await Promise.all([
    request.licenseVersion
      ? db.licenseAcceptance.findUnique({
          where: { userId_licenseVersionId: { userId, licenseVersionId: request.licenseVersion.id } },
          select: { acceptedAt: true, ip: true, textSha256: true },
        })
      : null,
    db.accessRequest.findMany({
      where: { userId, id: { not: id }, model: scope },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: {
        id: true,
        status: true,
        createdAt: true,
        decidedAt: true,
        reasonCode: true,
        reasonText: true,
        model: { select: { slug: true } },
      },
    }),
    db.auditEvent.findMany({
      where: { targetType: "AccessRequest", targetId: id },
      orderBy: { seq: "asc" },
      select: { seq: true, createdAt: true, action: true, data: true, actor: { select: { name: true, email: true } } },
    }),
    getGrantQuota(id),
  ]);
  // Answers are shown under the questions of the current form where the names still match.
  const questions = new Map(parseFormDefinition(model.formDefinition).map((f) => [f.name, f.label]));
  const answerRows = Object.entries((answers ?? {}) as Record<string, unknown>).map(([name, value]) => ({
    name,
    label: questions.get(name) ?? name,
    value,
  }));
  return {
    ...rest,
    model: { id: model.id, slug: model.slug, title: model.title, grantDurationDays: model.grantDurationDays },
    formIsCurrent: request.formVersion === model.formVersion,
    answers: answerRows,
    ruleOutcome: request.ruleOutcome as RuleOutcome | null,
    applicant: buildProfileView(user),
    profileAtSubmission: submitted,
    profileChanges: submitted ? profileChanges(submitted, user) : null,
    licenseAcceptance: acceptance,
    // The request's own quota (null = the model's default) and, when any applies, the usage against it.
    quota: {
      own: { files: downloadQuotaFiles, bytes: downloadQuotaBytes === null ? null : Number(downloadQuotaBytes) },
      effective: quotaUsage,
    },
    previousRequests: previous,
    history: audit.map((a) => ({
      ...a,
      seq: a.seq.toString(),
      actor: a.actor ? (a.actor.name ?? a.actor.email) : null,
    })),
  };
};
