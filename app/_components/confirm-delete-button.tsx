"use client";
import { Button } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, type ApiArgs } from "@/lib/client/api-client";
import type { OperationId, Operations } from "@/lib/openapi/registry";

/** The operations a delete button may call: the registry's DELETEs. */
type DeleteOperationId = { [Id in OperationId]: Operations[Id]["method"] extends "delete" ? Id : never }[OperationId];

type Props<Id extends DeleteOperationId> = {
  operation: Id;
  params: ApiArgs<Id>["params"];
  label: string;
  confirm: string;
  ariaLabel?: string;
};

/** A DELETE behind a confirmation: refreshes the page when done, shows the API's message when not. */
export const ConfirmDeleteButton = <Id extends DeleteOperationId>({
  operation,
  params,
  label,
  confirm,
  ariaLabel,
}: Props<Id>) => {
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
          const result = await api(operation, { params } as ApiArgs<Id>);
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
