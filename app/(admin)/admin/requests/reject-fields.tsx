"use client";
import { Button, Group, NativeSelect, Textarea } from "@mantine/core";
import { useState } from "react";
import { rejectionReasons } from "@/lib/schemas/review";

export type Rejection = { reasonCode: (typeof rejectionReasons)[number]; reasonText: string };

const labels: Record<Rejection["reasonCode"], string> = {
  INCOMPLETE_INFORMATION: "Incomplete information",
  NOT_ELIGIBLE: "Not eligible",
  COMMERCIAL_USE: "Commercial use",
  UNVERIFIABLE_IDENTITY: "Identity cannot be verified",
  DUPLICATE: "Duplicate request",
  OTHER: "Other",
};

/** Reason code and the text the applicant will read; both required. */
export const RejectFields = ({
  busy,
  submitLabel,
  onSubmit,
}: {
  busy: boolean;
  submitLabel: string;
  onSubmit: (r: Rejection) => void;
}) => {
  const [reasonCode, setCode] = useState<Rejection["reasonCode"]>("NOT_ELIGIBLE");
  const [reasonText, setText] = useState("");
  const tooShort = reasonText.trim().length < 3;
  return (
    <form
      aria-label="Reject"
      onSubmit={(e) => {
        e.preventDefault();
        if (!tooShort) onSubmit({ reasonCode, reasonText });
      }}
    >
      <Group align="end" wrap="wrap">
        <NativeSelect
          label="Reason"
          value={reasonCode}
          onChange={(e) => setCode(e.currentTarget.value as Rejection["reasonCode"])}
          data={rejectionReasons.map((r) => ({ value: r, label: labels[r] }))}
        />
        <Textarea
          label="Message to the applicant"
          description="Shown to the applicant with the reason."
          required
          maxLength={1000}
          value={reasonText}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={1}
          style={{ flex: 1, minWidth: 260 }}
        />
        <Button type="submit" color="red" loading={busy} disabled={tooShort}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
};
