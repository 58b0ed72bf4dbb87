import { canManage, type Caller } from "./caller";
import { AppError } from "@/lib/errors";

/** Admin-only domain operations start here; others get 404, not a hint that the operation exists. */
export const requireAdmin = (caller: Caller | null): Caller => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  if (caller.role !== "ADMIN") throw new AppError("NOT_FOUND");
  if (!canManage(caller))
    throw new AppError("FORBIDDEN", {
      userMessage: "This token has read scope; administration needs a token with admin scope.",
    });
  return caller;
};
