"use client";
import { Alert, Button, Card, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api-client";
import { RejectFields } from "../reject-fields";

type Props = { id: string; status: string; defaultExpiry: string; currentExpiry: string | null };

/** What a reviewer can do with the request in its current state: decide, revoke, extend or renew. */
export const DecisionPanel = ({ id, status, defaultExpiry, currentExpiry }: Props) => {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expiry, setExpiry] = useState(status === "PENDING" ? defaultExpiry : (currentExpiry ?? defaultExpiry));
  const [revokeReason, setRevokeReason] = useState("");

  const post = async (operation: "decideAccessRequest" | "extendGrant" | "revokeGrant", body: unknown) => {
    setBusy(true);
    setError(null);
    const result = await api(operation, { params: { id }, body });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.refresh();
  };
  const endOfDay = (d: string) => (d ? new Date(`${d}T23:59:59Z`).toISOString() : undefined);
  const expiryInput = (label: string) => (
    <TextInput
      type="date"
      label={label}
      description="Empty: no end date"
      value={expiry}
      onChange={(e) => setExpiry(e.currentTarget.value)}
    />
  );

  if (!["PENDING", "APPROVED", "EXPIRED"].includes(status)) return null;
  return (
    <Card withBorder data-testid="decision-panel">
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {status === "PENDING" && (
          <>
            <Group align="end">
              {expiryInput("Access until")}
              <Button
                color="teal"
                loading={busy}
                onClick={() => post("decideAccessRequest", { decision: "APPROVE", expiresAt: endOfDay(expiry) })}
              >
                Approve
              </Button>
            </Group>
            <Text size="sm" fw={600}>
              Or reject
            </Text>
            <RejectFields
              busy={busy}
              submitLabel="Reject"
              onSubmit={(r) => post("decideAccessRequest", { decision: "REJECT", ...r })}
            />
          </>
        )}
        {(status === "APPROVED" || status === "EXPIRED") && (
          <Group align="end">
            {expiryInput(status === "APPROVED" ? "New end date" : "Renew until")}
            <Button
              variant="light"
              loading={busy}
              disabled={!expiry}
              onClick={() => post("extendGrant", { expiresAt: endOfDay(expiry) })}
            >
              {status === "APPROVED" ? "Change end date" : "Renew grant"}
            </Button>
          </Group>
        )}
        {status === "APPROVED" && (
          <form
            aria-label="Revoke"
            onSubmit={(e) => {
              e.preventDefault();
              if (window.confirm("Revoke this grant now? No new download or playground session will be issued."))
                void post("revokeGrant", { reasonText: revokeReason });
            }}
          >
            <Group align="end">
              <Textarea
                label="Reason for revoking"
                description="Shown to the user."
                required
                maxLength={1000}
                value={revokeReason}
                onChange={(e) => setRevokeReason(e.currentTarget.value)}
                autosize
                minRows={1}
                style={{ flex: 1 }}
              />
              <Button
                type="submit"
                color="red"
                variant="light"
                loading={busy}
                disabled={revokeReason.trim().length < 3}
              >
                Revoke grant
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
};
