import "server-only";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { bucket, s3 } from "./s3-client";

/** Deletes a stored object. S3 answers success for a key that is already gone, so a repeat is harmless. */
export const deleteObject = async ({ key }: { key: string }) => {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
};
