import type { AuditInput } from "@/lib/domain/audit/append-audit-event";
import type { RecordInput } from "./record-download-events";

type Issuance = Pick<RecordInput, "userId" | "model" | "version" | "meta" | "grantId" | "urlExpiresAt" | "via">;

/**
 * The `download.issued` audit row of one file of an issuance, whichever path records it (the plain-SQL
 * batch or the transaction with quota and webhooks). Never the URL: it is a bearer credential until it
 * expires.
 */
export const downloadIssuedAudit = (
  { userId, model, version, meta, grantId, urlExpiresAt, via }: Issuance,
  event: { id: string; fileId: string; path: string | undefined; countsTowardQuota: boolean },
): AuditInput => ({
  actorId: userId,
  action: "download.issued",
  modelId: model.id,
  targetType: "DownloadEvent",
  targetId: event.id,
  data: {
    fileId: event.fileId,
    path: event.path,
    versionId: version.id,
    commitSha: version.commitSha,
    channel: meta.channel,
    requestId: grantId,
    urlExpiresAt: urlExpiresAt.toISOString(),
    via,
    countsTowardQuota: event.countsTowardQuota,
  },
});
