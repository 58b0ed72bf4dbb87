import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { ZRevokeGrantInput } from "@/lib/schemas/review";
import { findReviewableRequest } from "./find-reviewable-request";
import { revokeGrantTx } from "./revoke-grant-tx";

/**
 * Ends an active grant now, with a reason the grantee sees. From this moment the gate answers
 * GRANT_REVOKED for that user and model; a renewal request goes to a reviewer.
 */
export const revokeGrant = async (caller: Caller | null, { id }: { id: string }, raw: unknown) => {
  return db.$transaction(async (tx) => {
    // Who may revoke comes before what they sent: outsiders learn nothing from their input.
    await findReviewableRequest(tx, caller, id);
    const { reasonText } = ZRevokeGrantInput.parse(raw);
    return revokeGrantTx(tx, { requestId: id, actorId: (caller as Caller).id, reasonText });
  });
};
