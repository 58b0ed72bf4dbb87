import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { ZBulkDecideInput } from "@/lib/schemas/review";
import { alreadyDecidedMessage, decideInTx } from "./decide-access-request";

type ItemResult =
  | {
      id: string;
      ok: true;
      status: "APPROVED" | "REJECTED";
      changed: boolean;
      message?: string;
      expiresAt?: Date | null;
    }
  | { id: string; ok: false; code: string; message: string };

/**
 * One decision over a selection. Each request is decided in its own transaction, so one that
 * fails (decided meanwhile, not the caller's) does not undo the others, and each reports its
 * result. Repeating the same bulk decision is harmless: items already in the target state
 * report `changed: false`.
 */
export const decideAccessRequests = async (caller: Caller | null, raw: unknown) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const { ids, ...decision } = ZBulkDecideInput.parse(raw);
  if (decision.decision === "APPROVE" && decision.expiresAt && decision.expiresAt <= new Date())
    throw new AppError("VALIDATION_FAILED", { fields: { expiresAt: ["must be in the future"] } });
  const target = decision.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  const results: ItemResult[] = [];
  for (const id of new Set(ids)) {
    try {
      const done = await db.$transaction((tx) => decideInTx(tx, caller, id, decision));
      if (!done.alreadyDecided)
        results.push({ id, ok: true, status: done.status, changed: true, expiresAt: done.expiresAt });
      else if (done.status === target)
        results.push({ id, ok: true, status: target, changed: false, message: alreadyDecidedMessage(done) });
      else results.push({ id, ok: false, code: "ALREADY_DECIDED", message: alreadyDecidedMessage(done) });
    } catch (e) {
      if (!isAppError(e)) throw e;
      results.push({ id, ok: false, code: e.code, message: e.userMessage });
    }
  }
  return {
    results,
    summary: {
      decided: results.filter((r) => r.ok && r.changed).length,
      unchanged: results.filter((r) => r.ok && !r.changed).length,
      failed: results.filter((r) => !r.ok).length,
    },
  };
};
