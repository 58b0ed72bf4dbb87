import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { ButtonLink } from "@/app/_components/links";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { requireUser } from "@/lib/auth/require-user";
import { getAccount } from "@/lib/domain/users/get-account";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Group justify="space-between" wrap="nowrap">
    <Text size="sm" c="dimmed">
      {label}
    </Text>
    <Text size="sm" ta="right" style={{ overflowWrap: "anywhere" }}>
      {children}
    </Text>
  </Group>
);

const AccountPage = async () => {
  const account = await getAccount(await requireUser("/account"));
  return (
    <Stack maw={640}>
      <Title order={1}>Your account</Title>
      <Card withBorder>
        <Stack gap="xs">
          <Row label="E-mail">
            <span data-testid="account-email">{account.email}</span>{" "}
            {account.emailVerified && (
              <Badge size="xs" color="teal" variant="light">
                verified
              </Badge>
            )}
          </Row>
          <Row label="Name">{account.name ?? "not set"}</Row>
          <Row label="Role">
            <span data-testid="account-role">{account.role.toLowerCase()}</span>
          </Row>
          <Row label="Member since">{formatDate(account.memberSince)}</Row>
          <Row label="Sign-in methods">{account.signInMethods.join(", ")}</Row>
          <Row label="Active sessions">{account.activeSessions}</Row>
        </Stack>
      </Card>
      <Group>
        <ButtonLink href="/account/profile" variant="light">
          Profile
        </ButtonLink>
        <ButtonLink href="/account/requests" variant="light">
          Access requests
        </ButtonLink>
        <ButtonLink href="/account/licenses" variant="light">
          License receipts
        </ButtonLink>
        <ButtonLink href="/account/tokens" variant="light">
          API tokens
        </ButtonLink>
        <SignOutButton />
      </Group>
    </Stack>
  );
};

export default AccountPage;
