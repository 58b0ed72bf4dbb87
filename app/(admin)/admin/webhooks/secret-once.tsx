"use client";
import { Alert, Button, Code, Group, Stack } from "@mantine/core";
import { CopyValueButton } from "@/app/_components/copy-value-button";

/** A signing secret shown this once, with what the receiver does with it. */
export const SecretOnce = ({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) => (
  <Alert color="yellow" title={title} data-testid="webhook-secret">
    <Stack gap="xs">
      <span>
        Copy the signing secret now: it is shown only this once. Give it to the receiver, which verifies the{" "}
        <Code>webhook-signature</Code> header with it (see the README&apos;s Webhooks section).
      </span>
      <Group gap="xs" wrap="wrap">
        <Code data-testid="webhook-secret-value" style={{ overflowWrap: "anywhere" }}>
          {secret}
        </Code>
        <CopyValueButton value={secret} label="Copy secret" />
      </Group>
      <Button size="xs" variant="subtle" onClick={onDone} w="fit-content">
        I have copied it
      </Button>
    </Stack>
  </Alert>
);
