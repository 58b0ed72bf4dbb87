import { Badge } from "@mantine/core";

const colors = { SUCCEEDED: "teal", FAILED: "red", PENDING: "yellow" } as Record<string, string>;

export const DeliveryStatusBadge = ({ status }: { status: string }) => (
  <Badge color={colors[status] ?? "gray"} variant="light" data-testid="delivery-status">
    {status.toLowerCase()}
  </Badge>
);
