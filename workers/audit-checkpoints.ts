// Every AUDIT_CHECKPOINT_INTERVAL_SECONDS the worker signs the audit chain's tail and stores the
// checkpoint in the bucket (lib/domain/audit/audit-checkpoint.ts), when the tail moved since its last one.
import { createAuditCheckpoint, configuredCheckpointKeys } from "@/lib/domain/audit/create-audit-checkpoint";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export const startAuditCheckpoints = () => {
  const keys = configuredCheckpointKeys();
  if (!keys) {
    logger.warn("AUDIT_CHECKPOINT_KEY is not set: no signed audit checkpoints are written");
    return () => {};
  }
  let lastSeq: string | null = null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const made = await createAuditCheckpoint({ keys, skipIfSeq: lastSeq });
      if (made) {
        lastSeq = made.checkpoint.seq;
        logger.info({ seq: made.checkpoint.seq, object: made.key }, "audit checkpoint signed");
      }
    } catch (e) {
      logger.warn({ err: e }, "audit checkpoint failed; trying again at the next interval");
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), env.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000);
  return () => clearInterval(timer);
};
