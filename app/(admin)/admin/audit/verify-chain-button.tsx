"use client";
import { Alert, Button, Stack } from "@mantine/core";
import { useState } from "react";
import { callApi } from "@/lib/client/call-api";
import { countOf } from "@/lib/format";

type Verification =
  | { ok: true; checked: number; lastSeq: string | null }
  | {
      ok: false;
      checked: number;
      firstBadSeq: string;
      reason: "prev_hash_mismatch" | "hash_mismatch";
      expected: string;
      actual: string;
    };

const reasonText = {
  hash_mismatch: "its content does not match its hash",
  prev_hash_mismatch: "it does not point at the row before it: a row was removed, reordered or rewritten",
} as const;

/** Walks the whole chain on the server (may take a while on a large log) and says where it breaks. */
export const VerifyChainButton = () => {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ color: string; title: string; text: string } | null>(null);
  return (
    <Stack gap="xs">
      <Button
        variant="light"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setOutcome(null);
          const result = await callApi<Verification>("/api/v1/admin/audit/verification", { method: "POST" });
          setBusy(false);
          if (!result.ok)
            return setOutcome({ color: "red", title: "Verification failed to run", text: result.error.message });
          const v = result.data;
          setOutcome(
            v.ok
              ? {
                  color: "teal",
                  title: `Chain intact: ${countOf(v.checked, "row")} checked`,
                  text: v.lastSeq ? `Up to row #${v.lastSeq}.` : "The log is empty.",
                }
              : {
                  color: "red",
                  title: `Chain broken at row #${v.firstBadSeq} (${v.reason})`,
                  text: `${countOf(v.checked, "row")} before it ${v.checked === 1 ? "verifies" : "verify"}; ${reasonText[v.reason]}. Every row from #${v.firstBadSeq} on is unverified. Expected ${v.expected.slice(0, 16)}…, found ${v.actual.slice(0, 16)}….`,
                },
          );
        }}
      >
        Verify chain
      </Button>
      {outcome && (
        <Alert
          color={outcome.color}
          title={outcome.title}
          role="alert"
          data-testid="verify-outcome"
          withCloseButton
          onClose={() => setOutcome(null)}
        >
          {outcome.text}
        </Alert>
      )}
    </Stack>
  );
};
