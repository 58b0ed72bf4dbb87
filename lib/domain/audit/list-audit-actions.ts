import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { requireAdmin } from "@/lib/auth/require-admin";
import { findAuditActions } from "./find-audit-actions";

/** The actions the log holds, for the audit page's action filter (admins only). */
export const listAuditActions = async (caller: Caller | null) => {
  requireAdmin(caller);
  return findAuditActions();
};
