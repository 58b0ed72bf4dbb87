import {
  Badge,
  Card,
  Stack,
  Table,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { listApiTokens } from "@/lib/domain/tokens/list-api-tokens";
import { formatDate } from "@/lib/format";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";
import { TableScroll } from "@/app/_components/table-scroll";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

type Token = Awaited<ReturnType<typeof listApiTokens>>[number];

const statusOf = (t: Token) => (t.revokedAt ? "revoked" : t.active ? "active" : "expired");

const TokensPage = async () => {
  const caller = await requireUser("/account/tokens");
  const tokens = await listApiTokens(caller);
  return (
    <Stack maw={900}>
      <AnchorLink href="/account">← Your account</AnchorLink>
      <Title order={1}>API tokens</Title>
      <Text size="sm" c="dimmed">
        Personal tokens for scripts, the <code>weights</code> CLI and Hugging Face clients, sent as{" "}
        <code>Authorization: Bearer hf_…</code>. A read token reads and downloads; an admin token (administrators only)
        can do what you can. Only a hash is stored: a token is shown once, when it is created.
      </Text>
      <Card withBorder>
        <CreateTokenForm isAdmin={caller.role === "ADMIN"} />
      </Card>
      <Title order={2} size="h3">
        Your tokens
      </Title>
      {tokens.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="tokens-empty">
          You have no API tokens yet.
        </Text>
      ) : (
        <TableScroll minWidth={760} label="Your tokens">
          <Table striped data-testid="tokens-table">
            <TableThead>
              <TableTr>
                <TableTh>Name</TableTh>
                <TableTh>Token</TableTh>
                <TableTh>Scope</TableTh>
                <TableTh>Created</TableTh>
                <TableTh>Last used</TableTh>
                <TableTh>Expires</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {tokens.map((t) => (
                <TableTr key={t.id} data-testid={`token-row-${t.prefix}`}>
                  <TableTd>{t.name}</TableTd>
                  <TableTd ff="monospace">{t.prefix}…</TableTd>
                  <TableTd>{t.scope.toLowerCase()}</TableTd>
                  <TableTd>{formatDate(t.createdAt)}</TableTd>
                  <TableTd>{t.lastUsedAt ? formatDate(t.lastUsedAt) : "never"}</TableTd>
                  <TableTd>{t.expiresAt ? formatDate(t.expiresAt) : "never"}</TableTd>
                  <TableTd>
                    <Badge variant="light" color={t.active ? "teal" : "gray"} data-testid="token-status">
                      {statusOf(t)}
                    </Badge>
                  </TableTd>
                  <TableTd>{t.active && <RevokeTokenButton id={t.id} name={t.name} />}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
};

export default TokensPage;
