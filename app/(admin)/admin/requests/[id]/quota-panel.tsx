"use client";
import { Alert, Button, Card, Group, NumberInput, Stack, Text } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api-client";
import { fieldErrorsFromApi } from "@/lib/client/form-errors";
import { formatBytes } from "@/lib/format";

type Meter = { limit: number; used: number } | null;
type Props = {
  id: string;
  own: { files: number | null; bytes: number | null };
  effective: { files: Meter; bytes: Meter } | null;
};
const GIB = 1024 ** 3;

/** A grant's own download quota (empty = the model's default) and the usage against the one in force. */
export const QuotaPanel = ({ id, own, effective }: Props) => {
  const router = useRouter();
  const [files, setFiles] = useState<string | number>(own.files ?? "");
  const [gib, setGib] = useState<string | number>(own.bytes === null ? "" : own.bytes / GIB);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    const body = {
      files: files === "" ? null : Number(files),
      bytes: gib === "" ? null : Math.round(Number(gib) * GIB),
    };
    const result = await api("setGrantQuota", { params: { id }, body });
    setBusy(false);
    // The field messages are sentences already ("Allow at least 1 download, …"): show them, not the keys.
    if (!result.ok)
      return setError(Object.values(fieldErrorsFromApi(result.error.fields)).join(" ") || result.error.message);
    router.refresh();
  };

  return (
    <Card withBorder data-testid="quota-panel">
      <Stack gap="xs">
        <Text fw={600}>Download quota</Text>
        {effective ? (
          <Text size="sm" data-testid="quota-usage">
            Used:{" "}
            {effective.files ? `${effective.files.used} of ${effective.files.limit} downloads` : "no download limit"}
            {" · "}
            {effective.bytes
              ? `${formatBytes(effective.bytes.used)} of ${formatBytes(effective.bytes.limit)}`
              : "no byte limit"}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No quota applies: neither this grant nor the model sets one.
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group align="end">
          <NumberInput
            label="Downloads (files)"
            description="Empty: the model's default"
            min={1}
            allowDecimal={false}
            value={files}
            onChange={setFiles}
            w={200}
          />
          <NumberInput
            label="Data (GiB)"
            description="Empty: the model's default"
            min={0.001}
            decimalScale={3}
            value={gib}
            onChange={setGib}
            w={200}
          />
          <Button variant="light" loading={busy} onClick={() => void save()}>
            Save quota
          </Button>
        </Group>
      </Stack>
    </Card>
  );
};
