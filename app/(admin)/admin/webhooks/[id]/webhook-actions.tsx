"use client";
import { Alert, Button, Group, Stack } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api-client";
import type { ApiError } from "@/lib/client/call-api";
import { SecretOnce } from "../secret-once";

/** Send a test event, enable or disable, rotate the secret (shown once), delete. */
export const WebhookActions = ({ id, active }: { id: string; active: boolean }) => {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  /** Runs one call with its button busy; its answer, or null after showing the error. */
  const run = async <T,>(key: string, call: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiError }>) => {
    setBusy(key);
    setMessage(null);
    const result = await call();
    setBusy(null);
    if (!result.ok) setMessage({ color: "red", text: result.error.message });
    return result.ok ? result.data : null;
  };

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          loading={busy === "ping"}
          disabled={!active}
          onClick={async () => {
            if (await run("ping", () => api("sendWebhookPing", { params: { id } }))) {
              setMessage({ color: "teal", text: "Test event queued; it appears in the log below." });
              router.refresh();
            }
          }}
        >
          Send test event
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={busy === "active"}
          onClick={async () => {
            if (await run("active", () => api("updateWebhook", { params: { id }, body: { active: !active } })))
              router.refresh();
          }}
        >
          {active ? "Disable" : "Enable"}
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={busy === "rotate"}
          onClick={async () => {
            if (
              !window.confirm(
                "Rotate the signing secret? Deliveries from now on are signed with the new one; the receiver must switch too.",
              )
            )
              return;
            const done = await run("rotate", () => api("rotateWebhookSecret", { params: { id } }));
            if (done) setSecret(done.secret);
          }}
        >
          Rotate secret
        </Button>
        <Button
          size="xs"
          variant="light"
          color="red"
          loading={busy === "delete"}
          onClick={async () => {
            if (!window.confirm("Delete this endpoint and its delivery log?")) return;
            if (await run("delete", () => api("deleteWebhook", { params: { id } }))) router.push("/admin/webhooks");
          }}
        >
          Delete
        </Button>
      </Group>
      {secret && <SecretOnce title="New signing secret" secret={secret} onDone={() => setSecret(null)} />}
      {message && (
        <Alert
          color={message.color}
          role={message.color === "red" ? "alert" : "status"}
          withCloseButton
          onClose={() => setMessage(null)}
        >
          {message.text}
        </Alert>
      )}
    </Stack>
  );
};
