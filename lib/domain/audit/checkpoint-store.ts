import "server-only";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { env } from "@/lib/env";
import { bucket, s3 } from "@/lib/storage/s3-client";
import { CHECKPOINT_PREFIX, checkpointObjectKey, type SignedCheckpoint } from "./audit-checkpoint";

/** Writes a checkpoint object, under object lock (compliance mode) when AUDIT_CHECKPOINT_LOCK_DAYS says the bucket has it. */
export const putCheckpoint = async (checkpoint: SignedCheckpoint, prefix = CHECKPOINT_PREFIX) => {
  const key = checkpointObjectKey(checkpoint, prefix);
  const days = env.AUDIT_CHECKPOINT_LOCK_DAYS;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(checkpoint),
      ContentType: "application/json",
      ...(days
        ? { ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: new Date(Date.now() + days * 86_400_000) }
        : {}),
    }),
  );
  return key;
};

/** Every checkpoint object key under `prefix`, oldest first (keys sort in chain order). */
export const listCheckpointKeys = async (prefix = CHECKPOINT_PREFIX) => {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key?.endsWith(".json")) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
};

export const readCheckpointText = async (key: string) => {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return res.Body ? res.Body.transformToString("utf8") : "";
};
