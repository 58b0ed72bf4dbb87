import {
  Badge,
  Card,
  Group,
  Stack,
  Table,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  Title,
} from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getReviewScope } from "@/lib/domain/review/get-review-scope";
import { gatingLabel } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { TableScroll } from "@/app/_components/table-scroll";
import { NotificationSelect } from "./notification-select";

export const metadata: Metadata = { title: "Models you review" };
export const dynamic = "force-dynamic";

const ReviewedModelsPage = async () => {
  const scope = await orNotFound(getReviewScope(await requireUser("/admin/models")));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{scope.isAdmin ? "Models" : "Models you review"}</Title>
        {scope.isAdmin && (
          <ButtonLink href="/admin/models/new" data-testid="new-model">
            New model
          </ButtonLink>
        )}
      </Group>
      {scope.models.length === 0 ? (
        <Card withBorder padding="xl" data-testid="models-empty">
          <Text fw={600}>No models yet.</Text>
          <Text size="sm" c="dimmed">
            {scope.isAdmin
              ? "Create the first one with New model."
              : "Models appear here once they are published to the registry."}
          </Text>
        </Card>
      ) : (
        <TableScroll minWidth={760} label="Models">
          <Table striped data-testid="reviewed-models">
            <TableThead>
              <TableTr>
                <TableTh>Model</TableTh>
                <TableTh>Gating</TableTh>
                <TableTh>Pending requests</TableTh>
                <TableTh>New requests by mail</TableTh>
                <TableTh>Manage</TableTh>
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
                      <AnchorLink
                        href={`/admin/requests?model=${encodeURIComponent(m.slug)}`}
                        aria-label={`${m.pending} pending requests for ${m.title}`}
                      >
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
                  <TableTd>
                    {m.notification ? (
                      <NotificationSelect slug={m.slug} title={m.title} mode={m.notification} />
                    ) : (
                      <Text size="xs" c="dimmed">
                        Not assigned
                      </Text>
                    )}
                  </TableTd>
                  <TableTd>
                    <Group gap="sm">
                      <AnchorLink
                        href={`/admin/models/${m.slug}/settings`}
                        size="sm"
                        aria-label={`Settings of ${m.title}`}
                      >
                        Settings
                      </AnchorLink>
                      <AnchorLink
                        href={`/admin/models/${m.slug}/versions`}
                        size="sm"
                        aria-label={`Versions of ${m.title}`}
                      >
                        Versions
                      </AnchorLink>
                    </Group>
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
};

export default ReviewedModelsPage;
