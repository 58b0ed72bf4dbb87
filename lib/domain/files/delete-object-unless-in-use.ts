import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { deleteObject } from "@/lib/storage/delete-object";

/**
 * Deletes a removed file's stored object, after the removal committed (storage is no part of the
 * transaction). Keys are unique among file rows, but a key is the version's commit and the path
 * (lib/storage/storage-key.ts), so an upload of the same path started since the removal reuses it:
 * then the object is left alone (that upload overwrites it when it completes). A failed delete is
 * logged, not fatal: the row is gone, so the orphaned object is never served. True when deleted.
 */
export const deleteObjectUnlessInUse = async (storageKey: string, context: Record<string, unknown> = {}) => {
  if ((await db.modelFile.count({ where: { storageKey } })) > 0) {
    logger.info(context, "stored object not deleted: another file row uses its key now");
    return false;
  }
  try {
    await deleteObject({ key: storageKey });
    return true;
  } catch (e) {
    logger.warn({ ...context, err: e }, "stored object could not be deleted; it is orphaned in the bucket");
    return false;
  }
};
