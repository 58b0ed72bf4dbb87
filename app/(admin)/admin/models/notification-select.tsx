"use client";
import { NativeSelect } from "@mantine/core";
import { useState } from "react";
import { api, modelRef } from "@/lib/client/api-client";

const options = [
  { value: "EACH", label: "A mail per request" },
  { value: "DIGEST", label: "A daily digest" },
  { value: "NONE", label: "No mail" },
];

/** How the reviewer hears of one model's new requests; saved as soon as it changes. */
export const NotificationSelect = ({ slug, title, mode }: { slug: string; title: string; mode: string }) => {
  const [value, setValue] = useState(mode);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = async (next: string) => {
    const previous = value;
    setValue(next);
    setBusy(true);
    setError(null);
    const result = await api("setReviewerNotification", { params: modelRef(slug), body: { mode: next } });
    setBusy(false);
    if (!result.ok) {
      setValue(previous);
      setError(result.error.message);
    }
  };
  return (
    <NativeSelect
      size="xs"
      aria-label={`Mail about new requests for ${title}`}
      data={options}
      value={value}
      disabled={busy}
      error={error}
      onChange={(e) => void change(e.currentTarget.value)}
      data-testid="notification-mode"
    />
  );
};
