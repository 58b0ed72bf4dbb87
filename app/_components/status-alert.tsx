import { Alert } from "@mantine/core";

/** A form's last outcome: null before any, `ok` after a save that worked. */
export type FormStatus = { ok: boolean; text: string } | null;

/** The outcome under a form: teal and polite when it worked, red and announced at once when refused. */
export const StatusAlert = ({ status }: { status: FormStatus }) =>
  status && (
    <Alert color={status.ok ? "teal" : "red"} role={status.ok ? "status" : "alert"}>
      {status.text}
    </Alert>
  );
