import "server-only";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { licenseChangedEmail } from "@/lib/mail/access-emails";

type MoveInput = {
  actorId: string;
  model: {
    id: string;
    slug: string;
    title: string;
    gating: "OPEN" | "AUTO" | "MANUAL";
    currentLicenseVersionId: string;
  };
  licenseVersion: { id: string; version: string; license: { name: string } };
};

/**
 * Points a model at another license version, inside the caller's transaction. The gate then asks
 * every grantee for the new version (LICENSE_NOT_ACCEPTED) before their next download; those who
 * must act are mailed (queued in `tx`, so only if the move commits). Returns how many were mailed.
 */
export const moveModelLicense = async (tx: Tx, { actorId, model, licenseVersion }: MoveInput) => {
  await tx.model.update({ where: { id: model.id }, data: { currentLicenseVersionId: licenseVersion.id } });
  await appendAuditEvent(tx, {
    actorId,
    action: "model.license_changed",
    modelId: model.id,
    targetType: "Model",
    targetId: model.id,
    data: {
      licenseVersionId: licenseVersion.id,
      version: licenseVersion.version,
      previousLicenseVersionId: model.currentLicenseVersionId,
    },
  });
  // Who must re-accept: holders of a live grant, and (OPEN models) whoever accepted a license for
  // this very model; never tell others that a private model exists. Those who accepted this
  // version already (moving back to an earlier one) have nothing to do.
  const notAcceptedYet = { acceptances: { none: { licenseVersionId: licenseVersion.id } } };
  const holders =
    model.gating === "OPEN"
      ? await tx.user.findMany({
          where: { auditEvents: { some: { action: "license.accepted", modelId: model.id } }, ...notAcceptedYet },
          select: { email: true },
        })
      : await tx.user.findMany({
          where: {
            requests: {
              some: {
                modelId: model.id,
                status: "APPROVED",
                OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
              },
            },
            ...notAcceptedYet,
          },
          select: { email: true },
        });
  let notified = 0;
  for (const { email } of holders) {
    if (!email) continue;
    notified += 1;
    await enqueueEmail(tx, {
      to: email,
      kind: "license-changed",
      content: licenseChangedEmail({
        appUrl: env.NEXTAUTH_URL,
        modelTitle: model.title,
        slug: model.slug,
        licenseName: licenseVersion.license.name,
        version: licenseVersion.version,
      }),
    });
  }
  return { notified };
};
