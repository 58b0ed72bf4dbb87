import { Badge, Card, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getReviewScope } from "@/lib/domain/review/get-review-scope";
import { gatingLabel } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";

export const metadata: Metadata = { title: "Models you review" };
export const dynamic = "force-dynamic";

const ReviewedModelsPage = async () => {
  const scope = await orNotFound(getReviewScope(await requireUser("/admin/models")));
  return (
    <Stack>
      <Title order={1}>{scope.isAdmin ? "Models" : "Models you review"}</Title>
      {scope.models.length === 0 ? (
        <Card withBorder padding="xl" data-testid="models-empty">
          <Text fw={600}>No models yet.</Text>
          <Text size="sm" c="dimmed">
            Models appear here once they are published to the registry.
          </Text>
        </Card>
      ) : (
        <Table striped data-testid="reviewed-models">
          <TableThead>
            <TableTr>
              <TableTh>Model</TableTh>
              <TableTh>Gating</TableTh>
              <TableTh>Pending requests</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {scope.models.map((m) => (
              <TableTr key={m.id} data-testid="reviewed-model" data-slug={m.slug}>
                <TableTd>
                  <AnchorLink href={`/admin/models/${m.slug}`} fw={600}>
                    {m.title}
                  </AnchorLink>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {m.slug}
                  </Text>
                </TableTd>
                <TableTd>{gatingLabel[m.gating]}</TableTd>
                <TableTd>
                  {m.pending > 0 ? (
                    <AnchorLink href={`/admin/requests?model=${encodeURIComponent(m.slug)}`} aria-label={`${m.pending} pending requests for ${m.title}`}>
                      <Badge color="yellow" variant="light">
                        {m.pending} pending
                      </Badge>
                    </AnchorLink>
                  ) : (
                    <Text size="sm" c="dimmed">
                      none
                    </Text>
                  )}
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
    </Stack>
  );
};

export default ReviewedModelsPage;
