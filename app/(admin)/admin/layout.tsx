import { Stack } from "@mantine/core";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getReviewScope } from "@/lib/domain/review/get-review-scope";
import { isAppError } from "@/lib/errors";
import { AdminNav } from "./admin-nav";

export const dynamic = "force-dynamic";

/** The review section: admins and assigned reviewers only; everyone else gets the 404 page. */
const AdminLayout = async ({ children }: { children: ReactNode }) => {
  // Anonymous visitors: each page redirects to sign-in with its own address to come back to.
  const caller = await getCurrentUser();
  if (!caller) return children;
  const scope = await getReviewScope(caller).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  return (
    <Stack>
      <AdminNav
        sections={[
          { href: "/admin/requests", label: "Review queue" },
          { href: "/admin/models", label: "Models" },
          ...(scope.isAdmin
            ? [
                { href: "/admin/licenses", label: "Licenses" },
                { href: "/admin/webhooks", label: "Webhooks" },
                { href: "/admin/audit", label: "Audit log" },
                { href: "/admin/fingerprints/trace", label: "Trace a file" },
              ]
            : []),
        ]}
      />
      {children}
    </Stack>
  );
};

export default AdminLayout;
