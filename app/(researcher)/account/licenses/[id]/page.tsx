import { Stack, Table, TableTbody, TableTd, TableTh, TableTr, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { getLicenseReceipt } from "@/lib/domain/access/get-license-receipt";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZRequestIdParams } from "@/lib/schemas/access";
import { licenseLabel } from "@/lib/common/license-label";

export const metadata: Metadata = { title: "License acceptance receipt" };
export const dynamic = "force-dynamic";

/** A receipt that prints well: who accepted which exact text, when, from where. */
const ReceiptPage = async ({ params }: { params: Promise<{ id: string }> }) => {
  const parsed = ZRequestIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const caller = await requireUser(`/account/licenses/${parsed.data.id}`);
  const r = await orNotFound(getLicenseReceipt(caller, parsed.data));
  const addressSources: Record<string, string> = {
    socket: "the connection (no proxy trusted)",
    forwarded: "X-Forwarded-For, as added by the trusted proxies",
    unknown: "nowhere: the address could not be established",
  };
  const rows: [string, string][] = [
    ["Receipt", r.id],
    ["Accepted by", `${r.user.name ?? ""} <${r.user.email ?? ""}>`],
    ["License", licenseLabel(r.licenseVersion.license.name, r.licenseVersion.version)],
    ["Accepted at", r.acceptedAt.toISOString()],
    ["sha256 of the text", r.textSha256],
    ["From address", r.ip ?? "unknown"],
    ["Address taken from", addressSources[r.ipSource ?? ""] ?? "not recorded"],
    ["Browser", r.userAgent ?? "unknown"],
  ];
  return (
    <Stack maw={800} data-testid="receipt">
      <Title order={1}>License acceptance receipt</Title>
      <Table withTableBorder>
        <TableTbody>
          {rows.map(([k, v]) => (
            <TableTr key={k}>
              <TableTh w={200}>{k}</TableTh>
              <TableTd
                ff={k.startsWith("sha") || k === "Receipt" ? "monospace" : undefined}
                style={{ wordBreak: "break-all" }}
              >
                {v}
              </TableTd>
            </TableTr>
          ))}
        </TableTbody>
      </Table>
      <Title order={2} size="h4">
        Text accepted
      </Title>
      <Text component="pre" size="sm" style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }}>
        {r.licenseVersion.text}
      </Text>
      <Text size="xs" c="dimmed" className="no-print">
        Print this page (Ctrl+P) for a paper copy; the same receipt is available as JSON at
        /api/v1/me/license-acceptances/{r.id}.
      </Text>
    </Stack>
  );
};

export default ReceiptPage;
