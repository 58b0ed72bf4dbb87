"use client";
import { Button } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/lib/client/call-api";

export const WithdrawButton = ({ requestId }: { requestId: string }) => {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        size="xs"
        variant="light"
        color="red"
        loading={busy}
        onClick={async () => {
          if (!window.confirm("Withdraw this request?")) return;
          setBusy(true);
          const result = await callApi(`/api/v1/me/access-requests/${requestId}`, { method: "DELETE" });
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          router.refresh();
        }}
      >
        Withdraw
      </Button>
      {error && (
        <span role="alert" style={{ color: "var(--mantine-color-red-7)", fontSize: 13 }}>
          {error}
        </span>
      )}
    </>
  );
};
