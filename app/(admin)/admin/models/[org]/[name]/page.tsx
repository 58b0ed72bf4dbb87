import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getModelDashboard, requestStatuses } from "@/lib/domain/review/get-model-dashboard";
import { listModelReviewers } from "@/lib/domain/review/list-model-reviewers";
import { countOf, gatingLabel } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { ZDashboardQuery } from "@/lib/schemas/reviewers";
import { DailyChart } from "./daily-chart";
import { ModelTabs } from "./model-tabs";
import { ReviewersPanel } from "./reviewers-panel";

export const metadata: Metadata = { title: "Model dashboard" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ org: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const windows = [7, 30, 90, 365] as const;

/** Hours as people read them: minutes under an hour, days beyond two. */
const formatDuration = (hours: number) =>
  hours < 1
    ? `${Math.round(hours * 60)} min`
    : hours < 48
      ? `${hours.toFixed(1).replace(/\.0$/, "")} h`
      : `${(hours / 24).toFixed(1).replace(/\.0$/, "")} days`;

const Stat = ({ label, value, hint }: { label: string; value: string; hint?: string }) => (
  <Card withBorder padding="sm" data-testid="stat" data-label={label}>
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {label}
    </Text>
    <Text size="xl" fw={700}>
      {value}
    </Text>
    {hint && (
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    )}
  </Card>
);

const ModelDashboardPage = async ({ params, searchParams }: Props) => {
  const parsed = ZModelRouteParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { org, name } = parsed.data;
  const caller = await requireUser(`/admin/models/${org}/${name}`);
  // An unusable ?days= falls back to the default window rather than failing the page.
  const query = ZDashboardQuery.safeParse({ days: (await searchParams).days });
  const days = query.success ? query.data.days : 90;
  const [dashboard, { reviewers }] = await orNotFound(
    Promise.all([getModelDashboard(caller, parsed.data, { days }), listModelReviewers(caller, parsed.data)]),
  );
  const { model, requestsByStatus: byStatus } = dashboard;
  const totalRequests = requestStatuses.reduce((n, s) => n + byStatus[s], 0);
  const median = dashboard.medianHoursToDecision;

  return (
    <Stack gap="lg">
      <ModelTabs slug={model.slug} title={model.title} current="dashboard" subtitle={gatingLabel[model.gating]} />
      <Group gap="sm">
        <ButtonLink href={`/admin/requests?model=${encodeURIComponent(model.slug)}`} data-testid="open-queue">
          Open queue for this model
        </ButtonLink>
        {/* A plain link: the browser downloads the streamed file itself. */}
        <Button
          component="a"
          href={`/api/v1/admin/models/${model.slug}/requests.csv`}
          download
          variant="light"
          data-testid="requests-csv"
        >
          Download requests (CSV)
        </Button>
        <AnchorLink href={`/models/${model.slug}`} size="sm">
          Public model page
        </AnchorLink>
      </Group>

      <section aria-labelledby="requests-heading">
        <Title order={2} size="h3" id="requests-heading" mb="sm">
          Requests (all time)
        </Title>
        {totalRequests === 0 && (
          <Text size="sm" c="dimmed" mb="sm" data-testid="requests-empty">
            No access requests yet.
          </Text>
        )}
        <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }} spacing="sm">
          {requestStatuses.map((s) => (
            <Stat key={s} label={s.toLowerCase()} value={String(byStatus[s])} />
          ))}
          <Stat
            label="median time to decision"
            value={median === null ? "—" : formatDuration(median)}
            hint={median === null ? "no decisions yet" : "reviewers and rules"}
          />
        </SimpleGrid>
      </section>

      <section aria-labelledby="activity-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="activity-heading">
            Activity per day (UTC)
          </Title>
          <Group gap="xs" component="nav" aria-label="Period">
            {windows.map((w) => (
              <AnchorLink
                key={w}
                href={`/admin/models/${model.slug}?days=${w}`}
                size="sm"
                fw={w === days ? 700 : 400}
                aria-current={w === days ? "page" : undefined}
              >
                {w} days
              </AnchorLink>
            ))}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <DailyChart
            title="Approvals"
            unit="approval"
            data={dashboard.approvalsPerDay}
            color="teal.6"
            testId="approvals-chart"
          />
          <DailyChart
            title="Downloads"
            unit="download"
            data={dashboard.downloadsPerDay}
            color="blue.6"
            testId="downloads-chart"
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" mt="xs" data-testid="download-totals">
          All time: {countOf(dashboard.totalDownloads, "download URL")} issued to{" "}
          {countOf(dashboard.distinctDownloaders, "person", "people")}.
        </Text>
      </section>

      <ReviewersPanel
        slug={model.slug}
        canManage={caller.role === "ADMIN"}
        reviewers={reviewers.map((r) => ({
          userId: r.userId,
          email: r.email,
          name: r.name,
          assignedAt: r.assignedAt.toISOString(),
        }))}
      />
    </Stack>
  );
};

export default ModelDashboardPage;
