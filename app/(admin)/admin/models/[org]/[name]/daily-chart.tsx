"use client";
// Charts draw with recharts in the browser, so they live in a client file and get plain data.
import { BarChart } from "@mantine/charts";
import { Card, Stack, Text, Title } from "@mantine/core";
import { countOf, plural } from "@/lib/common/plural";

export type DailyChartPoint = { date: string; count: number };

type Props = {
  title: string;
  /** What one count is, in the singular, for the tooltip and the summary ("approval", "download"). */
  unit: string;
  data: DailyChartPoint[];
  color: string;
  testId: string;
};

/** "2026-03-07" → "7 Mar" (UTC days, as the server buckets them). */
const shortDay = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** Counts per UTC day as bars, or a plain sentence when the window holds none. */
export const DailyChart = ({ title, unit, data, color, testId }: Props) => {
  const total = data.reduce((n, p) => n + p.count, 0);
  const summary = `${countOf(total, unit)} in the last ${countOf(data.length, "day")}`;
  return (
    <Card withBorder data-testid={testId} data-total={total}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {summary}
        </Text>
        {total === 0 ? (
          <Text size="sm" data-testid={`${testId}-empty`}>
            No {plural(0, unit)} in this period.
          </Text>
        ) : (
          <div role="img" aria-label={`${title}: ${summary}`}>
            <BarChart
              h={220}
              data={data.map((p) => ({ ...p, day: shortDay(p.date) }))}
              dataKey="day"
              series={[{ name: "count", label: plural(2, unit), color }]}
              tickLine="y"
              gridAxis="y"
              yAxisProps={{ allowDecimals: false }}
              tooltipAnimationDuration={150}
            />
          </div>
        )}
      </Stack>
    </Card>
  );
};
