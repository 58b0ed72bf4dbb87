import "server-only";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitAccessRequestEvent } from "@/lib/domain/webhooks/emit-access-request-event";
import { findOrCreateUser } from "@/lib/domain/users/find-or-create-user";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { grantExtendedEmail, requestDecidedEmail } from "@/lib/mail/access-emails";
import { ZGrantAccessInput, type TGrantAccessInput } from "@/lib/schemas/ops";
import { grantEndsAt } from "@/lib/domain/access/grant-ends-at";
import { snapshotOf } from "@/lib/schemas/profile-snapshot";

export const GRANTED_BY_OPERATOR = "GRANTED_BY_OPERATOR";

/** Does `next` end later than `current`? `null` is "no expiry", later than any date. */
const endsLater = (next: Date | null, current: Date | null) => current !== null && (next === null || next > current);

const changedMeanwhile = () =>
  new AppError("CONFLICT", {
    userMessage: "The user's request for this model changed meanwhile; run the command again.",
  });

/**
 * Gives a user access to a model without a request of theirs (creating the user if needed):
 * a pending request is approved, an active grant is extended to the new date (never shortened),
 * otherwise an APPROVED request is created (a lapsed grant is marked EXPIRED first). The grant does not include the license: the user
 * still accepts the current license version before downloading. Audited and mailed in `tx`.
 * No caller check: only trusted server code (the ops command) calls this.
 */
export const grantAccess = async (tx: Tx, raw: TGrantAccessInput) => {
  const { email, slug, days, actorId, via } = ZGrantAccessInput.parse(raw);
  const model = await tx.model.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      gating: true,
      visibility: true,
      formVersion: true,
      grantDurationDays: true,
      currentLicenseVersion: { select: { id: true, version: true, license: { select: { name: true } } } },
    },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: `No model ${slug}.` });
  if (model.gating === "OPEN")
    throw new AppError("CONFLICT", {
      userMessage: `${slug} is OPEN: it needs no grant, only the acceptance of its license.`,
    });
  const { user, created: userCreated } = await findOrCreateUser(tx, { email, actorId, via });

  const now = new Date();
  const grantDays = days ?? model.grantDurationDays;
  const expiresAt = grantEndsAt(grantDays, now);
  const audit = { actorId, modelId: model.id, targetType: "AccessRequest" };
  const license = model.currentLicenseVersion;
  const licenseAccepted = Boolean(
    await tx.licenseAcceptance.findFirst({
      where: { userId: user.id, licenseVersionId: license.id },
      select: { id: true },
    }),
  );
  const base = {
    user: { ...user, created: userCreated },
    model: { slug: model.slug, title: model.title, visibility: model.visibility },
    license: { name: license.license.name, version: license.version, accepted: licenseAccepted },
  };

  let open = await tx.accessRequest.findFirst({
    where: { userId: user.id, modelId: model.id, status: { in: ["PENDING", "APPROVED"] } },
    select: { id: true, status: true, expiresAt: true },
  });
  // A grant past its date still holds the one-open-request slot until marked EXPIRED.
  if (open?.status === "APPROVED" && open.expiresAt && open.expiresAt <= now) {
    const { count } = await tx.accessRequest.updateMany({
      where: { id: open.id, status: "APPROVED" },
      data: { status: "EXPIRED" },
    });
    if (count === 0) throw changedMeanwhile();
    await appendAuditEvent(tx, { ...audit, actorId: null, action: "access_request.expired", targetId: open.id });
    await emitAccessRequestEvent(
      tx,
      "access_request.expired",
      { id: open.id, userId: user.id, model, user },
      {
        status: "EXPIRED",
      },
    );
    open = null;
  }

  if (open?.status === "APPROVED") {
    if (!endsLater(expiresAt, open.expiresAt))
      return { ...base, outcome: "unchanged" as const, request: { id: open.id, expiresAt: open.expiresAt } };
    // The reminder is for the new date, so it may be sent again.
    const { count } = await tx.accessRequest.updateMany({
      where: { id: open.id, status: "APPROVED" },
      data: { expiresAt, reminderSentAt: null },
    });
    if (count === 0) throw changedMeanwhile();
    await appendAuditEvent(tx, {
      ...audit,
      action: "access_request.extended",
      targetId: open.id,
      // The shape extendGrant (the reviewers' page) writes, marked with where it came from.
      data: { from: open.expiresAt?.toISOString() ?? null, to: expiresAt?.toISOString() ?? null, via, by: "operator" },
    });
    if (user.email && expiresAt)
      await enqueueEmail(tx, {
        to: user.email,
        kind: "grant-extended",
        content: grantExtendedEmail({
          appUrl: env.NEXTAUTH_URL,
          modelTitle: model.title,
          slug: model.slug,
          expiresAt,
          renewed: false,
        }),
      });
    return { ...base, outcome: "extended" as const, request: { id: open.id, expiresAt } };
  }

  const decision = {
    status: "APPROVED" as const,
    decidedById: actorId,
    decidedAt: now,
    reasonCode: GRANTED_BY_OPERATOR,
    reasonText: null,
    expiresAt,
  };
  let requestId: string;
  if (open?.status === "PENDING") {
    // Conditional on PENDING: a reviewer deciding at the same moment wins or loses cleanly.
    const { count } = await tx.accessRequest.updateMany({ where: { id: open.id, status: "PENDING" }, data: decision });
    if (count === 0) throw changedMeanwhile();
    requestId = open.id;
  } else {
    const profile = await tx.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { name: true, affiliation: true, position: true, country: true, orcid: true, website: true },
    });
    const created = await tx.accessRequest.create({
      data: {
        userId: user.id,
        modelId: model.id,
        answers: {},
        formVersion: model.formVersion,
        licenseVersionId: null,
        // The profile at the time of the grant, as a request would record it.
        profileSnapshot: snapshotOf(profile),
        ...decision,
      },
      select: { id: true },
    });
    requestId = created.id;
  }
  await appendAuditEvent(tx, {
    ...audit,
    action: "access_request.approved",
    targetId: requestId,
    data: {
      via,
      by: "operator",
      reasonCode: GRANTED_BY_OPERATOR,
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    },
  });
  await emitAccessRequestEvent(
    tx,
    "access_request.approved",
    { id: requestId, userId: user.id, model, user },
    {
      status: "APPROVED",
      reasonCode: GRANTED_BY_OPERATOR,
      expiresAt,
      by: "operator",
    },
  );
  if (user.email)
    await enqueueEmail(tx, {
      to: user.email,
      kind: "request-decided",
      content: requestDecidedEmail({
        appUrl: env.NEXTAUTH_URL,
        modelTitle: model.title,
        slug: model.slug,
        approved: true,
        reason: licenseAccepted
          ? null
          : `Before downloading, accept the model's license (${license.license.name} version ${license.version}) on its page.`,
        expiresAt,
      }),
    });
  return {
    ...base,
    outcome: open ? ("approved" as const) : ("created" as const),
    request: { id: requestId, expiresAt },
  };
};
