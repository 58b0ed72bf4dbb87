import { Badge } from "@mantine/core";

/** Whether an endpoint gets events: the list and the endpoint's own page show it alike. */
export const ActiveBadge = ({ active }: { active: boolean }) =>
  active ? (
    <Badge color="teal" variant="light">
      active
    </Badge>
  ) : (
    <Badge color="gray" variant="light">
      disabled
    </Badge>
  );
