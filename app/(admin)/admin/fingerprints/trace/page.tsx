import { Card, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getTraceOverview } from "@/lib/domain/fingerprint/trace-upload";
import { countOf, formatBytes } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { TraceForm } from "./trace-form";

export const metadata: Metadata = { title: "Trace a file" };
export const dynamic = "force-dynamic";

/** Upload a leaked weight file and see the grant it was delivered under (admins; everyone else gets 404). */
const TracePage = async () => {
  const caller = await requireUser("/admin/fingerprints/trace");
  const overview = await orNotFound(getTraceOverview(caller));
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Trace a file</Title>
        <Text size="sm" c="dimmed">
          Upload a weight file found outside the registry (an ONNX model or a safetensors file). If it is, or derives
          from, an individually marked copy, the grant it was delivered under is named with the evidence. Every trace is
          recorded in the <AnchorLink href="/admin/audit?action=fingerprint.traced">audit log</AnchorLink>.
        </Text>
      </div>
      <Card withBorder padding="sm" data-testid="trace-scope">
        <Text size="sm">
          {countOf(overview.fingerprintedModels, "model")} with fingerprinting on;{" "}
          {countOf(overview.copies, "marked copy", "marked copies")} held for {countOf(overview.grants, "grant")}, all
          searched. Files up to {formatBytes(overview.maxBytes)}.
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          An ONNX model whose weights are in separate external-data files is traced from the command line, with its data
          files alongside: <code>npm run ops -- trace model.onnx model.onnx_data</code>.
        </Text>
      </Card>
      <TraceForm maxBytes={overview.maxBytes} />
    </Stack>
  );
};

export default TracePage;
