import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitWebhookEvent } from "@/lib/domain/webhooks/emit-webhook-event";
import { emitAccessRequestEvent } from "@/lib/domain/webhooks/emit-access-request-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { requestDecidedEmail, requestReceivedEmail } from "@/lib/mail/access-emails";
import { buildAnswersSchema, parseFormDefinition } from "@/lib/schemas/access-form";
import { assertOpenRequestCap } from "@/lib/domain/users/user-caps";
import { ZSubmitAccessRequestInput, type RequestMeta, type TProfilePatch } from "@/lib/schemas/access";
import { snapshotOf } from "@/lib/schemas/profile-snapshot";
import { parseModelRules } from "@/lib/schemas/rules";
import { applicantLabel, notifyReviewersOfRequest } from "@/lib/domain/review/notify-reviewers";
import { applyDomainQuota } from "./apply-domain-quota";
import { evaluateRules } from "./evaluate-rules";
import { findVisibleModel, type ModelRef } from "./find-visible-model";
import { gateError } from "./gate-codes";
import { zodFields } from "@/lib/schemas/zod-fields";
import { decideAccess, refOf } from "./get-access-state";
import { recordLicenseAcceptance } from "./record-license-acceptance";
import { grantEndsAt } from "./grant-ends-at";
import { isUniqueViolation } from "@/lib/db-errors";

/** What the caller is told about their request, created or already open. */
const requestViewSelect = {
  id: true,
  status: true,
  createdAt: true,
  decidedAt: true,
  reasonCode: true,
  reasonText: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/**
 * A researcher applies for access: answers checked against the model's form, the current license
 * accepted with the request, rules evaluated (AUTO approves at once), mails queued in the same
 * transaction. Submitting twice (double click, two tabs) yields the one open request.
 */
export const submitAccessRequest = async (
  caller: Caller | null,
  ref: ModelRef,
  rawInput: unknown,
  meta: RequestMeta,
  // The one-step form's missing profile fields (already parsed): saved in the request's transaction.
  { profile: profilePatch = {} }: { profile?: TProfilePatch } = {},
) => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug: `${ref.org}/${ref.name}` });
  const model = await findVisibleModel(caller, ref);
  const input = ZSubmitAccessRequestInput.parse(rawInput);
  const state = await decideAccess(caller, refOf(model), profilePatch);
  if (model.gating === "OPEN")
    throw new AppError("CONFLICT", {
      userMessage: "This model needs no request: accept its license to download.",
      action: `/models/${model.slug}/license`,
    });

  switch (state.code) {
    case "REQUEST_PENDING":
      return { request: state.request!, created: false };
    case "GRANTED":
    case "LICENSE_NOT_ACCEPTED":
      // Submitting again while holding the grant: the same answer as for a pending request; the
      // license version sent with it counts as accepted (it is what the body says).
      if (state.request?.status === "APPROVED") {
        if (state.code === "LICENSE_NOT_ACCEPTED" && input.licenseVersionId === model.currentLicenseVersion.id)
          await db.$transaction((tx) =>
            recordLicenseAcceptance(tx, {
              userId: caller.id,
              modelId: model.id,
              licenseVersion: model.currentLicenseVersion,
              meta,
            }),
          );
        return { request: state.request, created: false };
      }
      throw new AppError("CONFLICT", {
        userMessage: "You already have access to this model.",
        action: `/models/${model.slug}`,
      });
    case "PROFILE_INCOMPLETE":
    case "GEO_BLOCKED":
      throw new AppError(state.code, { userMessage: state.message, action: state.action });
  }
  // The gate says whether a new request may be made now (a rejection's cool-down, for one).
  if (!state.canRequest) throw new AppError(state.code, { userMessage: state.message, action: state.action });

  const license = model.currentLicenseVersion;
  if (input.licenseVersionId !== license.id)
    throw new AppError("VALIDATION_FAILED", {
      userMessage: `The license changed: read and accept ${license.license.name} version ${license.version}.`,
      fields: { licenseVersionId: [`must be the current version (${license.id})`] },
    });
  const parsed = buildAnswersSchema(parseFormDefinition(model.formDefinition)).safeParse(input.answers);
  if (!parsed.success)
    throw new AppError("VALIDATION_FAILED", {
      userMessage: "Some answers are not valid.",
      fields: zodFields(parsed.error, { prefix: ["answers"], unknownKey: "Unknown question" }),
    });

  const user = await db.user.findUniqueOrThrow({
    where: { id: caller.id },
    select: {
      email: true,
      name: true,
      affiliation: true,
      position: true,
      country: true,
      website: true,
      orcid: true,
      orcidVerifiedAt: true,
      emailVerified: true,
      _count: { select: { accounts: { where: { provider: "oidc" } } } },
    },
  });
  Object.assign(user, profilePatch);
  const rules = parseModelRules(model.rules);
  const ruled = evaluateRules({
    gating: model.gating,
    rules,
    applicant: {
      ...user,
      orcidVerified: Boolean(user.orcidVerifiedAt),
      // Known only through an OIDC provider that did not say it verified the address.
      emailUnverified: !user.emailVerified && user._count.accounts > 0,
      previouslyRevoked: state.code === "GRANT_REVOKED",
    },
  });
  try {
    return await db.$transaction(async (tx) => {
      await assertOpenRequestCap(tx, caller.id);
      await saveProfilePatch(tx, caller.id, profilePatch);
      await expireLapsedGrant(tx, caller.id, model.id);
      const outcome = await applyDomainQuota(tx, { modelId: model.id, rules, email: user.email, outcome: ruled });
      // One instant for the acceptance and the request: the acceptance belongs to this request.
      const now = new Date();
      await recordLicenseAcceptance(tx, {
        userId: caller.id,
        modelId: model.id,
        licenseVersion: license,
        meta,
        at: now,
      });
      const decided = outcome.decision !== "MANUAL";
      const approved = outcome.decision === "APPROVE";
      const request = await tx.accessRequest.create({
        data: {
          userId: caller.id,
          modelId: model.id,
          answers: parsed.data as Prisma.InputJsonValue,
          formVersion: model.formVersion,
          createdAt: now,
          licenseVersionId: license.id,
          ruleOutcome: outcome,
          // What the reviewer decides on; the request page shows what changed since.
          profileSnapshot: snapshotOf(user),
          status: decided ? (approved ? "APPROVED" : "REJECTED") : "PENDING",
          ...(decided ? { decidedAt: now, reasonCode: outcome.rule, reasonText: outcome.reason } : {}),
          ...(approved && model.grantDurationDays ? { expiresAt: grantEndsAt(model.grantDurationDays, now) } : {}),
        },
        select: requestViewSelect,
      });
      const audit = { actorId: caller.id, modelId: model.id, targetType: "AccessRequest", targetId: request.id };
      await appendAuditEvent(tx, {
        ...audit,
        action: "access_request.submitted",
        data: { formVersion: model.formVersion, ruleOutcome: outcome },
      });
      if (decided)
        await appendAuditEvent(tx, {
          ...audit,
          actorId: null,
          action: approved ? "access_request.approved" : "access_request.rejected",
          data: { by: "rules", rule: outcome.rule },
        });
      const subject = { id: request.id, userId: caller.id, model, user };
      const change = { status: request.status, reasonCode: request.reasonCode, expiresAt: request.expiresAt };
      await emitAccessRequestEvent(tx, "access_request.created", subject, change);
      if (decided)
        await emitAccessRequestEvent(tx, approved ? "access_request.approved" : "access_request.rejected", subject, {
          ...change,
          by: "rules",
        });
      if (!decided)
        await notifyReviewersOfRequest(tx, {
          model,
          requestId: request.id,
          applicant: applicantLabel({ name: user.name, email: user.email, affiliation: user.affiliation }),
        });
      if (user.email) {
        const mail = { appUrl: env.NEXTAUTH_URL, modelTitle: model.title, slug: model.slug };
        const content = decided
          ? requestDecidedEmail({ ...mail, approved, reason: outcome.reason, expiresAt: request.expiresAt })
          : requestReceivedEmail(mail);
        await enqueueEmail(tx, { to: user.email, kind: decided ? "request-decided" : "request-received", content });
      }
      return { request, created: true };
    });
  } catch (e) {
    // The other of two simultaneous submissions won: answer with the request it created.
    if (!isUniqueViolation(e)) throw e;
    const open = await db.accessRequest.findFirstOrThrow({
      where: { userId: caller.id, modelId: model.id, status: { in: ["PENDING", "APPROVED"] } },
      select: requestViewSelect,
    });
    return { request: open, created: false };
  }
};

/** An APPROVED grant past its date still holds the one-open-request slot until marked EXPIRED. */
const expireLapsedGrant = async (tx: Tx, userId: string, modelId: string) => {
  const lapsed = await tx.accessRequest.findFirst({
    where: { userId, modelId, status: "APPROVED", expiresAt: { lte: new Date() } },
    select: { id: true },
  });
  if (!lapsed) return;
  await tx.accessRequest.update({ where: { id: lapsed.id }, data: { status: "EXPIRED" } });
  await appendAuditEvent(tx, {
    actorId: null,
    action: "access_request.expired",
    modelId,
    targetType: "AccessRequest",
    targetId: lapsed.id,
  });
  await emitWebhookEvent(tx, {
    event: "access_request.expired",
    modelId,
    data: { requestId: lapsed.id, userId, status: "EXPIRED" },
  });
};

/** The profile fields the one-step form completed, saved and audited with the request (nothing when none). */
const saveProfilePatch = async (tx: Tx, userId: string, patch: TProfilePatch) => {
  const fields = Object.keys(patch);
  if (!fields.length) return;
  await tx.user.update({ where: { id: userId }, data: { ...patch, profileUpdatedAt: new Date() } });
  await appendAuditEvent(tx, {
    actorId: userId,
    action: "user.profile_updated",
    targetType: "User",
    targetId: userId,
    data: { fields, via: "access-request" },
  });
};
