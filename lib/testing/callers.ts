import type { Caller } from "@/lib/auth/get-current-user";

/** Callers as getCurrentUser returns them; catalog visibility depends on the role only. */
export const researcher: Caller = {
  id: "test-researcher",
  email: "researcher@example.test",
  name: "R",
  role: "RESEARCHER",
};
export const admin: Caller = { id: "test-admin", email: "admin@example.test", name: "A", role: "ADMIN" };
export const anonymous = null;
