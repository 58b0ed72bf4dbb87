import { Button, Group, Text } from "@mantine/core";
import { formatDate } from "@/lib/format";

/** "Edit and resubmit" while a rejection's cool-down runs: shown, but off, with the date it opens. */
export const ResubmitLater = ({ opensAt, size = "xs" }: { opensAt: Date; size?: "xs" | "sm" }) => (
  <Group gap="xs" data-testid="resubmit-later">
    <Button size={size} variant="light" disabled>
      Edit and resubmit
    </Button>
    <Text size="xs" c="dimmed">
      Opens on {formatDate(opensAt)}
    </Text>
  </Group>
);
