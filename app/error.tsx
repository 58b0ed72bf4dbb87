"use client";
import { Button, Stack, Text, Title } from "@mantine/core";

/** Never shows the error itself: its message may be internal. The digest lets operators find the log line. */
const ErrorPage = ({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) => (
  <Stack align="center" py="xl">
    <Title order={1}>Something went wrong</Title>
    <Text c="dimmed">
      Please try again. If it keeps happening, tell the administrators
      {error.digest ? ` (reference ${error.digest})` : ""}.
    </Text>
    <Button onClick={reset}>Try again</Button>
  </Stack>
);

export default ErrorPage;
