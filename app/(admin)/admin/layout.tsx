import { Group, Stack } from "@mantine/core";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AnchorLink } from "@/app/_components/links";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getReviewScope } from "@/lib/domain/review/get-review-scope";
import { isAppError } from "@/lib/errors";

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
      <Group gap="lg" component="nav" aria-label="Review">
        <AnchorLink href="/admin/requests" size="sm">
          Review queue
        </AnchorLink>
        <AnchorLink href="/admin/models" size="sm">
          Models
        </AnchorLink>
        {scope.isAdmin && (
          <AnchorLink href="/admin/licenses" size="sm">
            Licenses
          </AnchorLink>
        )}
        {scope.isAdmin && (
          <AnchorLink href="/admin/webhooks" size="sm">
            Webhooks
          </AnchorLink>
        )}
        {scope.isAdmin && (
          <AnchorLink href="/admin/audit" size="sm">
            Audit log
          </AnchorLink>
        )}
        {scope.isAdmin && (
          <AnchorLink href="/admin/fingerprints/trace" size="sm">
            Trace a file
          </AnchorLink>
        )}
      </Group>
      {children}
    </Stack>
  );
};

export default AdminLayout;
