import { gateError } from "@/lib/domain/access/gate-codes";
import type { Caller } from "./get-current-user";

/** For write routes: anyone not signed in is told to sign in before any input is looked at. */
export const requireCaller = (caller: Caller | null, slug: string): Caller => {
  if (!caller) throw gateError("SIGN_IN_REQUIRED", { slug });
  return caller;
};
