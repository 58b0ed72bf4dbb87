import {
  Card,
  Code,
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
  VisuallyHidden,
} from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getWebhook } from "@/lib/domain/webhooks/get-webhook";
import { listWebhookDeliveries } from "@/lib/domain/webhooks/list-webhook-deliveries";
import { isAppError } from "@/lib/errors";
import { orNotFound } from "@/lib/http/or-not-found";
import { firstValues } from "@/lib/schemas/catalog";
import { DeliveryStatusBadge } from "../delivery-status-badge";
import { RedeliverButton } from "./redeliver-button";
import { WebhookActions } from "./webhook-actions";
import { TableScroll } from "@/app/_components/table-scroll";
import { ActiveBadge } from "../active-badge";

export const metadata: Metadata = { title: "Webhook endpoint" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : "");

/** One endpoint: its settings and actions, and its delivery log (newest first, keyset pages) with payloads. */
const WebhookPage = async ({ params, searchParams }: Props) => {
  const { id } = await params;
  const caller = await requireUser(`/admin/webhooks/${encodeURIComponent(id)}`);
  const { before } = firstValues(await searchParams);
  const { webhook } = await orNotFound(getWebhook(caller, { id }));
  // A stale cursor (hand-edited address) starts again from the newest delivery.
  const log = await orNotFound(
    listWebhookDeliveries(caller, { id }, { before }).catch((e: unknown) => {
      if (isAppError(e) && e.code === "VALIDATION_FAILED") return listWebhookDeliveries(caller, { id }, {});
      throw e;
    }),
  );

  return (
    <Stack gap="md">
      <AnchorLink href="/admin/webhooks" size="sm">
        ← All webhooks
      </AnchorLink>
      <div>
        <Title order={1} style={{ overflowWrap: "anywhere" }}>
          {webhook.url}
        </Title>
        <Group gap="xs" mt={4}>
          <ActiveBadge active={webhook.active} />
          <Text size="sm">{webhook.model ? `Model ${webhook.model}` : "All models"}</Text>
          <Text size="sm" c="dimmed">
            {webhook.deliveries.SUCCEEDED} succeeded, {webhook.deliveries.FAILED} failed, {webhook.deliveries.PENDING}{" "}
            pending
          </Text>
        </Group>
        <Group gap={4} mt="xs">
          {webhook.events.map((e) => (
            <Code key={e}>{e}</Code>
          ))}
        </Group>
      </div>
      <WebhookActions id={webhook.id} active={webhook.active} />
      <Title order={2} size="h4">
        Deliveries
      </Title>
      {log.deliveries.length === 0 ? (
        <Card withBorder padding="xl" data-testid="deliveries-empty">
          <Text fw={600}>{before ? "No older deliveries." : "Nothing delivered yet."}</Text>
          <Text size="sm" c="dimmed">
            Deliveries appear here when a subscribed event happens, or after “Send test event”.
          </Text>
        </Card>
      ) : (
        <TableScroll minWidth={760} label="Deliveries table">
          <Table striped verticalSpacing="xs" fz="sm" aria-label="Deliveries">
            <TableThead>
              <TableTr>
                <TableTh>Time (UTC)</TableTh>
                <TableTh>Event</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Attempts</TableTh>
                <TableTh>Response</TableTh>
                <TableTh>Payload</TableTh>
                <TableTh>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {log.deliveries.map((d) => (
                <TableTr key={d.id} data-testid="delivery-row">
                  <TableTd
                    style={{ whiteSpace: "nowrap" }}
                    title={d.deliveredAt ? `delivered ${utc(d.deliveredAt)}` : undefined}
                  >
                    {utc(d.createdAt)}
                  </TableTd>
                  <TableTd>
                    <Code>{d.event}</Code>
                    <Text size="xs" c="dimmed" ff="monospace" title="webhook-id">
                      {d.eventId}
                    </Text>
                  </TableTd>
                  <TableTd>
                    <DeliveryStatusBadge status={d.status} />
                  </TableTd>
                  <TableTd data-testid="delivery-attempts">{d.attempts}</TableTd>
                  <TableTd>
                    {d.responseStatus !== null && <span data-testid="delivery-response">HTTP {d.responseStatus}</span>}
                    {d.responseTimeMs !== null && <Text span size="xs" c="dimmed">{` ${d.responseTimeMs} ms`}</Text>}
                    {d.lastError && d.status !== "SUCCEEDED" && (
                      <Text size="xs" c="red" style={{ overflowWrap: "anywhere" }}>
                        {d.lastError}
                      </Text>
                    )}
                  </TableTd>
                  <TableTd style={{ maxWidth: 380 }}>
                    <details>
                      <summary>View</summary>
                      <Code block fz="xs" data-testid="delivery-payload">
                        {JSON.stringify(d.payload, null, 2)}
                      </Code>
                    </details>
                  </TableTd>
                  <TableTd>
                    {d.status !== "PENDING" && webhook.active && (
                      <RedeliverButton webhookId={webhook.id} deliveryId={d.id} />
                    )}
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
      )}
      <Group>
        {before && (
          <ButtonLink href={`/admin/webhooks/${webhook.id}`} variant="default" size="xs">
            Newest
          </ButtonLink>
        )}
        {log.nextCursor && (
          <ButtonLink
            href={`/admin/webhooks/${webhook.id}?before=${encodeURIComponent(log.nextCursor)}`}
            variant="default"
            size="xs"
          >
            Older
          </ButtonLink>
        )}
      </Group>
    </Stack>
  );
};

export default WebhookPage;
