"use client";
import { Alert, Button, Checkbox, Group, Stack } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/lib/client/call-api";

/** Explicit acceptance of one license version (the button is off until the box is ticked). */
export const AcceptLicenseForm = ({ slug, licenseVersionId }: { slug: string; licenseVersionId: string }) => {
  const router = useRouter();
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = async () => {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/v1/models/${slug}/license-acceptances`, {
      method: "POST",
      body: { licenseVersionId },
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.push(`/models/${slug}`);
    router.refresh();
  };
  return (
    <Stack>
      <Checkbox
        label="I have read this license and accept its terms."
        checked={agreed}
        onChange={(e) => setAgreed(e.currentTarget.checked)}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        <Button disabled={!agreed} loading={busy} onClick={accept}>
          Accept the license
        </Button>
      </Group>
    </Stack>
  );
};
