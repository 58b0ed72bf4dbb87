"use client";
import { Button } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/lib/client/call-api";

type Props = { url: string; label: string; confirm: string; ariaLabel?: string };

/** A DELETE behind a confirmation: refreshes the page when done, shows the API's message when not. */
export const ConfirmDeleteButton = ({ url, label, confirm, ariaLabel }: Props) => {
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
        aria-label={ariaLabel}
        onClick={async () => {
          if (!window.confirm(confirm)) return;
          setBusy(true);
          const result = await callApi(url, { method: "DELETE" });
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          router.refresh();
        }}
      >
        {label}
      </Button>
      {error && (
        <span role="alert" style={{ color: "var(--mantine-color-red-7)", fontSize: 13 }}>
          {error}
        </span>
      )}
    </>
  );
};
