import { Alert, Anchor, Text } from "@mantine/core";

/** Said wherever a fingerprinted model is offered or its license accepted: the copy is traceable to its recipient. */
export const FingerprintNotice = ({ compact = false }: { compact?: boolean }) => {
  const text = (
    <>
      Each recipient receives an individually marked copy of the weights, traceable to their grant.{" "}
      <Anchor href="/help/fingerprinted-copies" size="sm" data-testid="fingerprint-explained">
        What this means
      </Anchor>
    </>
  );
  return compact ? (
    <Text size="sm" c="dimmed" data-testid="fingerprint-note">
      {text}
    </Text>
  ) : (
    <Alert color="grape" variant="light" data-testid="fingerprint-note">
      <Text size="sm">{text}</Text>
    </Alert>
  );
};
