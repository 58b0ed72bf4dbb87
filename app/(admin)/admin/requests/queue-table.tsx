"use client";
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  ListItem,
  Table,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
} from "@mantine/core";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api-client";
import type { TBulkDecision } from "@/lib/schemas/review";
import { countOf } from "@/lib/format";
import { RejectFields, type Rejection } from "./reject-fields";
import { DAY_MS } from "@/lib/time";
import { TableScroll } from "@/app/_components/table-scroll";

export type QueueRow = {
  id: string;
  status: string;
  createdAt: string;
  model: string;
  name: string | null;
  email: string | null;
  emailVerified: boolean;
  affiliation: string | null;
  country: string | null;
  orcidVerified: boolean;
  rule: string | null;
};

const ageDays = (iso: string) => Math.floor((Date.now() - new Date(iso).getTime()) / DAY_MS);

/** The queue with a selection and bulk approve / reject; each item's outcome is listed after. */
export const QueueTable = ({ rows, pending, emptyText }: { rows: QueueRow[]; pending: boolean; emptyText: string }) => {
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<TBulkDecision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const all = rows.length > 0 && selected.length === rows.length;

  const decide = async (body: { decision: "APPROVE" } | ({ decision: "REJECT" } & Rejection)) => {
    setBusy(true);
    setError(null);
    const result = await api("decideAccessRequests", { body: { ids: selected, ...body } });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setOutcome(result.data);
    setSelected([]);
    setRejecting(false);
    router.refresh();
  };

  const outcomeAlert = outcome && (
    <Alert
      color={outcome.summary.failed ? "yellow" : "teal"}
      title={`${outcome.summary.decided} decided, ${outcome.summary.unchanged} unchanged, ${outcome.summary.failed} failed`}
      data-testid="bulk-outcome"
      withCloseButton
      onClose={() => setOutcome(null)}
    >
      <List size="sm">
        {outcome.results
          .filter((r) => !r.ok || !r.changed)
          .map((r) => (
            <ListItem key={r.id}>
              {r.id}: {r.ok ? r.message : r.message || r.code}
            </ListItem>
          ))}
      </List>
    </Alert>
  );

  // The outcome stays on screen when the decided rows were the last ones of the queue.
  if (rows.length === 0)
    return (
      <>
        {outcomeAlert}
        <Card withBorder padding="xl" data-testid="queue-empty">
          <Text fw={600}>Nothing here.</Text>
          <Text size="sm" c="dimmed">
            {emptyText}
          </Text>
        </Card>
      </>
    );

  return (
    <>
      {pending && (
        <Group gap="sm" aria-label="Bulk actions" wrap="wrap">
          <Text size="sm">{selected.length} selected</Text>
          <Button
            size="xs"
            color="teal"
            disabled={!selected.length}
            loading={busy && !rejecting}
            onClick={() => decide({ decision: "APPROVE" })}
          >
            Approve selected
          </Button>
          <Button
            size="xs"
            color="red"
            variant="light"
            disabled={!selected.length}
            onClick={() => setRejecting((v) => !v)}
          >
            Reject selected…
          </Button>
        </Group>
      )}
      {rejecting && (
        <RejectFields
          busy={busy}
          submitLabel={`Reject ${countOf(selected.length, "request")}`}
          onSubmit={(r) => decide({ decision: "REJECT", ...r })}
        />
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {outcomeAlert}
      <TableScroll minWidth={760} label="Requests">
        <Table striped highlightOnHover data-testid="queue-table">
          <TableThead>
            <TableTr>
              {pending && (
                <TableTh w={40}>
                  <Checkbox
                    aria-label="Select all on this page"
                    checked={all}
                    indeterminate={selected.length > 0 && !all}
                    onChange={() => setSelected(all ? [] : rows.map((r) => r.id))}
                  />
                </TableTh>
              )}
              <TableTh>Applicant</TableTh>
              <TableTh>Affiliation</TableTh>
              <TableTh>Country</TableTh>
              <TableTh>Model</TableTh>
              <TableTh>Age</TableTh>
              <TableTh>Rules said</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {rows.map((r) => (
              <TableTr key={r.id} data-testid="queue-row" data-id={r.id}>
                {pending && (
                  <TableTd>
                    <Checkbox
                      aria-label={`Select request of ${r.email ?? r.id}`}
                      checked={selected.includes(r.id)}
                      onChange={(e) => {
                        // Read the event now: React runs the updater later, when currentTarget is already null.
                        const checked = e.currentTarget.checked;
                        setSelected((s) => (checked ? [...s, r.id] : s.filter((x) => x !== r.id)));
                      }}
                    />
                  </TableTd>
                )}
                <TableTd>
                  <Link href={`/admin/requests/${r.id}`}>{r.name ?? r.email ?? r.id}</Link>
                  {/* A div: the badges are divs, which a <p> may not hold (the browser would split it and hydration fail). */}
                  <Text size="xs" c="dimmed" component="div">
                    {r.email}{" "}
                    {r.emailVerified && (
                      <Badge size="xs" variant="light" color="teal">
                        verified
                      </Badge>
                    )}{" "}
                    {r.orcidVerified && (
                      <Badge size="xs" variant="light">
                        ORCID
                      </Badge>
                    )}
                  </Text>
                </TableTd>
                <TableTd>{r.affiliation ?? "—"}</TableTd>
                <TableTd>{r.country ?? "—"}</TableTd>
                <TableTd>{r.model}</TableTd>
                <TableTd>{ageDays(r.createdAt)} d</TableTd>
                <TableTd>
                  <Text size="xs">{r.rule ?? "—"}</Text>
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </TableScroll>
    </>
  );
};
