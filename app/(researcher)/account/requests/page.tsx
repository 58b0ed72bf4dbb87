import { Badge, Card, Group, Stack, Text, Timeline, TimelineItem, Title } from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { ResubmitLater } from "@/app/_components/resubmit-later";
import { requireUser } from "@/lib/auth/require-user";
import { listMyRequests } from "@/lib/domain/access/list-my-requests";
import { formatDate, requestStatusColor } from "@/lib/format";
import { WithdrawButton } from "./withdraw-button";

export const metadata: Metadata = { title: "Your access requests" };
export const dynamic = "force-dynamic";

const RequestsPage = async () => {
  const requests = await listMyRequests(await requireUser("/account/requests"));
  return (
    <Stack maw={760}>
      <Title order={1}>Your access requests</Title>
      {requests.length === 0 ? (
        <Card withBorder padding="xl" data-testid="requests-empty">
          <Text fw={600}>No requests yet.</Text>
          <Text size="sm" c="dimmed">
            Find a model in the <AnchorLink href="/">catalog</AnchorLink> and request access from its page.
          </Text>
        </Card>
      ) : (
        requests.map((r) => (
          <Card withBorder key={r.id} data-testid="request-card" data-status={r.status}>
            <Stack gap="sm">
              <Group justify="space-between">
                <AnchorLink href={`/models/${r.model.slug}`} fw={600}>
                  {r.model.title}
                </AnchorLink>
                <Badge color={requestStatusColor[r.status]} variant="light">
                  {r.status.toLowerCase()}
                </Badge>
              </Group>
              {r.reasonText && r.status !== "PENDING" && (
                <Text size="sm">
                  {r.status === "APPROVED" ? "Note" : "Reason"}: {r.reasonText}
                </Text>
              )}
              {r.status === "APPROVED" && r.expiresAt && <Text size="sm">Access until {formatDate(r.expiresAt)}.</Text>}
              <Timeline active={r.timeline.length - 1} bulletSize={12} lineWidth={2} aria-label="Timeline">
                {r.timeline.map((t, i) => (
                  <TimelineItem key={i} title={t.label}>
                    <Text size="xs" c="dimmed">
                      {formatDate(t.at)} {new Date(t.at).toISOString().slice(11, 16)} UTC
                      {t.detail ? ` — ${t.detail}` : ""}
                    </Text>
                  </TimelineItem>
                ))}
              </Timeline>
              <Group gap="xs">
                {r.status === "PENDING" && <WithdrawButton requestId={r.id} />}
                {r.reapply?.canRequest && (
                  <ButtonLink size="xs" variant="light" href={`/models/${r.model.slug}/request?from=${r.id}`}>
                    {r.status === "REJECTED" ? "Edit and resubmit" : "Request again"}
                  </ButtonLink>
                )}
                {r.reapply?.reapplyAt && <ResubmitLater opensAt={r.reapply.reapplyAt} />}
              </Group>
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
};

export default RequestsPage;
