"use client";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, modelRef } from "@/lib/client/api-client";

type Props = {
  slug: string;
  name: string;
  status: "DRAFT" | "PUBLISHED";
  isLatest: boolean;
  isReadyToPublish: boolean;
};
type Status = { ok: boolean; text: string; details?: string[] } | null;

/** Publish a draft (once every file is READY) and make a published version the latest. */
export const VersionActions = ({ slug, name, status, isLatest, isReadyToPublish }: Props) => {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Status>(null);

  const publish = async () => {
    if (!window.confirm(`Publish ${name}? A published version can never change: any later change needs a new version.`))
      return;
    setResult(null);
    setBusy("publish");
    const res = await api("publishVersion", { params: { ...modelRef(slug), version: name } });
    setBusy(null);
    if (!res.ok) return setResult({ ok: false, text: res.error.message, details: res.error.fields?.files });
    setResult({ ok: true, text: `${name} is published.` });
    router.refresh();
  };
  const makeLatest = async () => {
    setResult(null);
    setBusy("latest");
    const res = await api("setLatestVersion", { params: modelRef(slug), body: { version: name } });
    setBusy(null);
    if (!res.ok) return setResult({ ok: false, text: res.error.message });
    setResult({
      ok: true,
      text: `${name} is now the latest version${res.data.previous ? ` (was ${res.data.previous})` : ""}: the model page and main point at it.`,
    });
    router.refresh();
  };

  return (
    <Stack gap="xs">
      <Group>
        {status === "DRAFT" && (
          <Button onClick={publish} loading={busy === "publish"}>
            Publish version
          </Button>
        )}
        {status === "PUBLISHED" && !isLatest && (
          <Button onClick={makeLatest} loading={busy === "latest"}>
            Make latest
          </Button>
        )}
      </Group>
      {status === "DRAFT" && !isReadyToPublish && (
        <Text size="sm" c="dimmed">
          A version can be published once it has files and every one of them is ready.
        </Text>
      )}
      {result && (
        <Alert color={result.ok ? "teal" : "red"} role={result.ok ? "status" : "alert"}>
          {result.text}
          {result.details && result.details.length > 0 && (
            <ul style={{ margin: "4px 0 0" }}>
              {result.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
    </Stack>
  );
};
