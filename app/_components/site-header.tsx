import { AnchorLink } from "@/app/_components/links";
import { Badge, Group } from "@mantine/core";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { callerReviews } from "@/lib/domain/review/caller-reviews";
import { SignOutButton } from "./sign-out-button";

/** Top navigation: catalog, and the caller's account or a sign-in link. */
export const SiteHeader = async () => {
  const caller = await getCurrentUser();
  const user = caller && { ...caller, reviews: await callerReviews(caller) };
  return (
    <header style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
      <Group
        justify="space-between"
        style={{ maxWidth: 1100, margin: "0 auto", padding: "12px 16px" }}
        component="nav"
        aria-label="Main"
      >
        <Group gap="lg">
          <AnchorLink href="/" fw={700} c="dark" underline="never">
            Weights Registry
          </AnchorLink>
          <AnchorLink href="/" size="sm">
            Catalog
          </AnchorLink>
        </Group>
        {user ? (
          <Group gap="sm">
            <AnchorLink href="/account/requests" size="sm">
              My requests
            </AnchorLink>
            {user.reviews && (
              <AnchorLink href="/admin/requests" size="sm">
                Review
              </AnchorLink>
            )}
            {user.role === "ADMIN" && <Badge variant="light">admin</Badge>}
            <AnchorLink href="/account" size="sm" data-testid="account-link">
              {user.email ?? user.name ?? "Account"}
            </AnchorLink>
            <SignOutButton />
          </Group>
        ) : (
          <AnchorLink href="/sign-in" size="sm">
            Sign in
          </AnchorLink>
        )}
      </Group>
    </header>
  );
};
