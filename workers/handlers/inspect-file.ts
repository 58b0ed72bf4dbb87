import { inspectFile } from "@/lib/domain/files/inspect-file";
import { inspectFileJob, type TInspectFilePayload } from "@/lib/jobs/inspect-file";
import { logger } from "@/lib/logger";

export const run = async ({ payload }: { payload: TInspectFilePayload }) => {
  const result = await inspectFile(payload, {
    signal: AbortSignal.timeout(inspectFileJob.options.expireInSeconds * 1000),
  });
  const error = result.outcome !== "skipped" && "error" in result.inspection ? result.inspection.error : undefined;
  logger.info({ fileId: payload.fileId, outcome: result.outcome, error }, `inspect-file: ${result.outcome}`);
  // The job's output keeps the outcome only; the inspection itself lives on the file.
  return { outcome: result.outcome, error };
};
