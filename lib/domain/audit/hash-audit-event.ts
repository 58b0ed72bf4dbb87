import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export type AuditContent = {
  createdAt: Date;
  actorId: string | null;
  action: string;
  modelId: string | null;
  targetType: string;
  targetId: string;
  data: unknown;
};

/** The exact text a row's hash covers after its predecessor's hash. */
export const canonicalAuditContent = (content: AuditContent) =>
  canonicalJson({
    createdAt: content.createdAt.toISOString(),
    actorId: content.actorId,
    action: content.action,
    modelId: content.modelId,
    targetType: content.targetType,
    targetId: content.targetId,
    data: content.data ?? {},
  });

/** hash = sha256(prevHash + canonical content): changing or removing any row breaks every later hash. */
export const hashAuditEvent = (prevHash: string, content: AuditContent) =>
  createHash("sha256").update(prevHash).update(canonicalAuditContent(content)).digest("hex");
