"use client";
import { Alert, Button, Stack } from "@mantine/core";
import { useState } from "react";
import { api } from "@/lib/client/api-client";
import { countOf } from "@/lib/format";
import type { TAuditVerification } from "@/lib/schemas/audit";

const reasonText: Record<Extract<TAuditVerification, { ok: false }>["reason"], string> = {
  hash_mismatch: "its content does not match its hash",
  prev_hash_mismatch: "it does not point at the row before it: a row was removed, reordered or rewritten",
  checkpoint_mismatch:
    "its hash is not the one a signed checkpoint recorded: rows up to it were rewritten and the later hashes recomputed",
  rows_missing: "rows a signed checkpoint recorded are missing at the end of the log",
  checkpoint_signature_invalid: "a checkpoint in the bucket does not verify with the checkpoint key",
};

/** Hashes shortened; the checkpoint findings' plain-text values as they are. */
const short = (s: string) => (/^[0-9a-f]{64}$/.test(s) ? `${s.slice(0, 16)}…` : s);

const checkpointText = (c: TAuditVerification["checkpoint"]) =>
  c.status === "not_configured"
    ? " No checkpoint key is configured: a rewrite with recomputed hashes would not show."
    : c.status === "none"
      ? " No signed checkpoint yet."
      : ` Checked against the signed checkpoint of row #${c.seq} (${c.time}).`;

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
          const result = await api("verifyAuditChain", {});
          setBusy(false);
          if (!result.ok)
            return setOutcome({ color: "red", title: "Verification failed to run", text: result.error.message });
          const v = result.data;
          setOutcome(
            v.ok
              ? {
                  color: "teal",
                  title: `Chain intact: ${countOf(v.checked, "row")} checked`,
                  text: (v.lastSeq ? `Up to row #${v.lastSeq}.` : "The log is empty.") + checkpointText(v.checkpoint),
                }
              : {
                  color: "red",
                  title: `Chain broken at row #${v.firstBadSeq} (${v.reason})`,
                  text: `${countOf(v.checked, "row")} before it ${v.checked === 1 ? "verifies" : "verify"}; ${reasonText[v.reason]}. Every row from #${v.firstBadSeq} on is unverified. Expected ${short(v.expected)}, found ${short(v.actual)}.${checkpointText(v.checkpoint)}`,
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
