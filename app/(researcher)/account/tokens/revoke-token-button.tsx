"use client";
import { Button } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/lib/client/call-api";

/** Revokes one token after a confirmation; it stops working at once. */
export const RevokeTokenButton = ({ id, name }: { id: string; name: string }) => {
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
        aria-label={`Revoke ${name}`}
        onClick={async () => {
          if (!window.confirm(`Revoke the token "${name}"? Anything using it stops working at once.`)) return;
          setBusy(true);
          const result = await callApi(`/api/v1/me/tokens/${id}`, { method: "DELETE" });
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          router.refresh();
        }}
      >
        Revoke
      </Button>
      {error && (
        <span role="alert" style={{ color: "var(--mantine-color-red-7)", fontSize: 13 }}>
          {error}
        </span>
      )}
    </>
  );
};
