import {
  Alert,
  Autocomplete,
  Button,
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
  TextInput,
  Title,
} from "@mantine/core";
import type { Metadata } from "next";
import { IgnoredFiltersAlert } from "@/app/_components/ignored-filters-alert";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { TableScroll } from "@/app/_components/table-scroll";
import { requireUser } from "@/lib/auth/require-user";
import { listAuditActions } from "@/lib/domain/audit/list-audit-actions";
import { listAuditEvents, type AuditEventView } from "@/lib/domain/audit/list-audit-events";
import { isAppError } from "@/lib/errors";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZAuditListQuery } from "@/lib/schemas/audit";
import { firstValues } from "@/lib/schemas/catalog";
import { VerifyChainButton } from "./verify-chain-button";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const filterKeys = ["actor", "action", "model", "from", "to"] as const;

const query = (params: Record<string, string | undefined>) => {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  return sp.toString();
};

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** A one-line summary of the data: its keys (or its JSON when short). */
const summary = (data: unknown) => {
  const json = JSON.stringify(data ?? {});
  if (json === "{}") return "";
  if (json.length <= 60 || !data || typeof data !== "object") return clip(json, 60);
  return clip(`{ ${Object.keys(data).join(", ")} }`, 60);
};

/** The event's data, collapsed to a summary; opening it shows the pretty-printed JSON. */
const DataCell = ({ data }: { data: unknown }) => {
  const short = summary(data);
  if (!short) return null;
  return (
    <details data-testid="audit-data">
      <summary style={{ cursor: "pointer", overflowWrap: "anywhere" }}>{short}</summary>
      <pre style={{ margin: "4px 0 0", whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {JSON.stringify(data, null, 2)}
      </pre>
    </details>
  );
};

const EventRow = ({ e }: { e: AuditEventView }) => (
  <TableTr data-testid="audit-row">
    <TableTd style={{ whiteSpace: "nowrap" }}>{utc(e.createdAt)}</TableTd>
    <TableTd>
      {e.actor ? (
        (e.actor.email ?? e.actor.name ?? e.actor.id)
      ) : (
        <Text span c="dimmed" size="sm">
          system
        </Text>
      )}
    </TableTd>
    <TableTd ff="monospace">{e.action}</TableTd>
    <TableTd>{e.model ? (e.model.slug ?? `${e.model.id} (deleted)`) : ""}</TableTd>
    <TableTd title={`${e.targetType} ${e.targetId}`}>
      {e.targetType}{" "}
      <Text span ff="monospace" size="xs">
        {clip(e.targetId, 28)}
      </Text>
    </TableTd>
    <TableTd ff="monospace" fz="xs" style={{ minWidth: 240, maxWidth: 420 }}>
      <DataCell data={e.data} />
    </TableTd>
    <TableTd ff="monospace" fz="xs" title={`row #${e.seq}, sha256 ${e.hash}`} style={{ whiteSpace: "nowrap" }}>
      #{e.seq} {e.hash.slice(0, 12)}
    </TableTd>
  </TableTr>
);

/** The audit log for admins: filters as GET parameters, newest first, keyset pages, CSV export, chain verification. */
const AuditPage = async ({ searchParams }: Props) => {
  const caller = await requireUser("/admin/audit");
  const raw = firstValues(await searchParams);
  // An invalid filter is dropped (and named) so the others still apply.
  const parsed = ZAuditListQuery.safeParse(raw);
  const bad = new Set(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0])));
  const kept: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(raw).flatMap(([k, v]) => (bad.has(k) ? [] : [[k, String(v)]])),
  );
  // A cursor that names no row (a hand-edited or stale address) starts again from the newest.
  let staleCursor = false;
  const listing = listAuditEvents(caller, kept).catch((e: unknown) => {
    if (!(isAppError(e) && e.code === "VALIDATION_FAILED" && kept.before)) throw e;
    staleCursor = true;
    return listAuditEvents(caller, { ...kept, before: undefined });
  });
  const [page, actions] = await Promise.all([orNotFound(listing), orNotFound(listAuditActions(caller))]);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, kept[k]]));
  // Newest/Older keep an address-bar page size (the export has no pages: filters only).
  const paged = { ...filters, pageSize: kept.pageSize };
  const filtered = filterKeys.some((k) => kept[k]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="start">
        <div>
          <Title order={1}>Audit log</Title>
          <Text size="sm" c="dimmed">
            Every change, hash-chained: each row holds the hash of the row before it. Times are UTC.
          </Text>
        </div>
        <Group align="start">
          <Button
            component="a"
            href={`/api/v1/admin/audit/export?${query(filters)}`}
            variant="default"
            data-testid="export-csv"
          >
            Export CSV
          </Button>
          <VerifyChainButton />
        </Group>
      </Group>
      <IgnoredFiltersAlert error={parsed.error} values={raw} />
      {staleCursor && (
        <Alert color="yellow" role="alert" title="That page does not exist">
          The row to page from is unknown; showing the newest events.
        </Alert>
      )}
      <form method="get" action="/admin/audit" aria-label="Filter audit events">
        <Group align="end" wrap="wrap">
          <TextInput name="actor" label="Actor" description="E-mail or user id" defaultValue={kept.actor ?? ""} />
          <Autocomplete
            name="action"
            label="Action"
            description="Exact, or a prefix ending in ."
            defaultValue={kept.action ?? ""}
            data={actions}
            limit={50}
          />
          <TextInput name="model" label="Model" description="org/name" defaultValue={kept.model ?? ""} />
          <TextInput
            name="from"
            label="From (UTC)"
            description="YYYY-MM-DD or ISO time"
            defaultValue={kept.from ?? ""}
            w={170}
          />
          <TextInput
            name="to"
            label="To (UTC, inclusive)"
            description="YYYY-MM-DD or ISO time"
            defaultValue={kept.to ?? ""}
            w={170}
          />
          <Button type="submit">Apply</Button>
          <AnchorLink href="/admin/audit" size="sm">
            Clear
          </AnchorLink>
        </Group>
      </form>
      {page.events.length === 0 ? (
        <Card withBorder padding="xl" data-testid="audit-empty">
          <Text fw={600}>
            {filtered || kept.before ? "No audit events match these filters." : "The audit log is empty."}
          </Text>
        </Card>
      ) : (
        <TableScroll minWidth={1040} label="Audit events table">
          <Table striped highlightOnHover verticalSpacing="xs" fz="sm" aria-label="Audit events">
            <TableThead>
              <TableTr>
                <TableTh>Time (UTC)</TableTh>
                <TableTh>Actor</TableTh>
                <TableTh>Action</TableTh>
                <TableTh>Model</TableTh>
                <TableTh>Target</TableTh>
                <TableTh>Data</TableTh>
                <TableTh>Row, hash</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.events.map((e) => (
                <EventRow key={e.seq} e={e} />
              ))}
            </TableTbody>
          </Table>
        </TableScroll>
      )}
      <Group component="nav" justify="center" aria-label="Pages">
        {kept.before && (
          <ButtonLink variant="default" href={`/admin/audit?${query(paged)}`}>
            Newest
          </ButtonLink>
        )}
        {page.nextCursor && (
          <ButtonLink
            variant="default"
            href={`/admin/audit?${query({ ...paged, before: page.nextCursor })}`}
            data-testid="audit-older"
          >
            Older
          </ButtonLink>
        )}
      </Group>
    </Stack>
  );
};

export default AuditPage;
