import "server-only";

/**
 * True when S3 says the object does not exist (NoSuchKey, or a bare 404 on HEAD/ranged GET).
 * A missing bucket is a configuration fault, not a missing object: it stays an error (and is retried).
 */
export const isObjectMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!err || err.name === "NoSuchBucket") return false;
  return err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata?.httpStatusCode === 404;
};
