import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { AppError } from "@/lib/errors";
import type { ModelRef } from "./find-visible-model";
import { getAccessState } from "./get-access-state";

/** Throws the gate's error (with its next step) unless the caller has access; returns the state. */
export const assertAccess = async (caller: Caller | null, ref: ModelRef) => {
  const state = await getAccessState(caller, ref);
  if (state.code !== "GRANTED") throw new AppError(state.code, { userMessage: state.message, action: state.action });
  return state;
};
