"use client";
import { Button, Group, Text } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDeleteButton } from "@/app/_components/confirm-delete-button";
import { api, modelRef } from "@/lib/client/api-client";

type Props = {
  slug: string;
  versionName: string;
  path: string;
  status: "UPLOADING" | "VERIFYING" | "READY" | "FAILED";
  canVerifyAgain: boolean;
};

/**
 * A draft file's admin actions: "Verify again" (FAILED, or stuck VERIFYING) queues a fresh check and
 * follows it to its verdict; "Remove" takes any file that is not being uploaded out of the version.
 */
export const FileActions = ({ slug, versionName, path, status, canVerifyAgain }: Props) => {
  const router = useRouter();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const version = { ...modelRef(slug), version: versionName };

  const verifyAgain = async () => {
    setError(null);
    setChecking(true);
    const res = await api("requestFileVerification", { params: { ...version, path } });
    if (!res.ok) {
      setChecking(false);
      return setError(res.error.message);
    }
    router.refresh();
    // The worker decides; follow it (at most ten minutes here, the page shows the status anyway).
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const r = await api("getVersion", { params: version });
      const f = r.ok ? r.data.version.files.find((x) => x.path === path) : undefined;
      if (!f || f.status !== "VERIFYING") break;
    }
    setChecking(false);
    router.refresh();
  };

  return (
    <Group gap="xs" wrap="nowrap">
      {(canVerifyAgain || checking) && (
        <Button size="xs" variant="light" loading={checking} onClick={verifyAgain} aria-label={`Verify again: ${path}`}>
          Verify again
        </Button>
      )}
      {status !== "UPLOADING" && (
        <ConfirmDeleteButton
          operation="removeVersionFile"
          params={{ ...version, path }}
          label="Remove"
          ariaLabel={`Remove ${path}`}
          confirm={`Remove ${path} from version ${versionName}? Its stored bytes are deleted too.`}
        />
      )}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
};
