import {
  Card,
  Code,
  Divider,
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
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";
import { orNotFound } from "@/lib/http/or-not-found";
import { CreateWebhookForm } from "./create-webhook-form";
import { DeliveryStatusBadge } from "./delivery-status-badge";
import { TableScroll } from "@/app/_components/table-scroll";
import { ActiveBadge } from "./active-badge";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

/** Registered endpoints with their last delivery, and the form to add one (admins; others get 404). */
const WebhooksPage = async () => {
  const caller = await requireUser("/admin/webhooks");
  const { webhooks } = await orNotFound(listWebhooks(caller));
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Webhooks</Title>
        <Text size="sm" c="dimmed">
          Signed POSTs (Standard Webhooks) to your systems when requests, licenses, files and downloads change. Times
          are UTC.
        </Text>
      </div>
      {webhooks.length === 0 ? (
        <Card withBorder padding="xl" data-testid="webhooks-empty">
          <Text fw={600}>No endpoints yet.</Text>
          <Text size="sm" c="dimmed">
            Register one below; it receives the events you choose, signed with a secret shown once.
          </Text>
        </Card>
      ) : (
        <TableScroll minWidth={720} label="Webhook endpoints table">
          <Table striped highlightOnHover verticalSpacing="xs" fz="sm" aria-label="Webhook endpoints">
            <TableThead>
              <TableTr>
                <TableTh>URL</TableTh>
                <TableTh>Model</TableTh>
                <TableTh>Events</TableTh>
                <TableTh>State</TableTh>
                <TableTh>Last delivery</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {webhooks.map((w) => (
                <TableTr key={w.id} data-testid="webhook-row">
                  <TableTd style={{ overflowWrap: "anywhere", maxWidth: 360 }}>
                    <AnchorLink href={`/admin/webhooks/${w.id}`}>{w.url}</AnchorLink>
                  </TableTd>
                  <TableTd>
                    {w.model ?? (
                      <Text span c="dimmed" size="sm">
                        all models
                      </Text>
                    )}
                  </TableTd>
                  <TableTd>
                    {w.events.map((e) => (
                      <Code key={e} mr={4}>
                        {e}
                      </Code>
                    ))}
                  </TableTd>
                  <TableTd>
                    <ActiveBadge active={w.active} />
                  </TableTd>
                  <TableTd>
                    {w.lastDelivery ? (
                      <>
                        <DeliveryStatusBadge status={w.lastDelivery.status} />{" "}
                        <Text span size="xs" c="dimmed">
                          {w.lastDelivery.event}, {utc(w.lastDelivery.createdAt)}
                        </Text>
                      </>
                    ) : (
                      <Text span c="dimmed" size="sm">
                        none yet
                      </Text>
                    )}
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
      )}
      <Divider />
      <CreateWebhookForm />
    </Stack>
  );
};

export default WebhooksPage;
