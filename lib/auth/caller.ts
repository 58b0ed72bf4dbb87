// No imports: the Caller type and scope check load in any process (CLI, worker) without next-auth.

export type Caller = {
  id: string;
  email: string | null;
  name: string | null;
  role: "RESEARCHER" | "ADMIN";
  /** Set when the caller came with an API token: READ tokens may only read (see canManage). */
  scope?: "READ" | "ADMIN";
};

/** Signed-in sessions and ADMIN-scope tokens may change things; READ tokens only read and download. */
export const canManage = (caller: Caller) => caller.scope !== "READ";
