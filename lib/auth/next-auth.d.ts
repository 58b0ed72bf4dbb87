import type { DefaultSession } from "next-auth";

type AppRole = "RESEARCHER" | "ADMIN";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: AppRole; status: "ACTIVE" | "SUSPENDED"; email: string | null } & Omit<
      NonNullable<DefaultSession["user"]>,
      "email"
    >;
  }
  interface User {
    role?: AppRole;
    status?: "ACTIVE" | "SUSPENDED";
  }
}

declare module "next-auth/adapters" {
  interface AdapterUser {
    role: AppRole;
    status: "ACTIVE" | "SUSPENDED";
  }
}
