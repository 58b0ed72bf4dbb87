"use client";
import { Button } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api-client";

/** Sends a finished delivery again (same event id); the row goes back to pending. */
export const RedeliverButton = ({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) => {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        size="compact-xs"
        variant="light"
        loading={busy}
        aria-label={`Redeliver ${deliveryId}`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const result = await api("redeliverWebhookDelivery", { params: { id: webhookId, deliveryId } });
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          router.refresh();
        }}
      >
        Redeliver
      </Button>
      {error && (
        <span role="alert" style={{ color: "var(--mantine-color-red-7)", fontSize: 13, display: "block" }}>
          {error}
        </span>
      )}
    </>
  );
};
