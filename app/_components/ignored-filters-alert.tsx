import { Alert, List, ListItem } from "@mantine/core";
import type { z } from "zod";
import { describeIgnoredFilters } from "@/lib/schemas/ignored-filters";

/** Filters from the address bar that did not parse: the page ignores them and says which, in sentences. */
export const IgnoredFiltersAlert = ({
  error,
  values,
  sentences,
  title = "Some filters were not valid and were ignored",
}: {
  error?: z.ZodError;
  values?: Record<string, unknown>;
  sentences?: string[];
  title?: string;
}) => {
  const lines = sentences ?? describeIgnoredFilters(error, values);
  if (lines.length === 0) return null;
  return (
    <Alert color="yellow" title={title} role="alert" data-testid="ignored-filters">
      <List size="sm" spacing={2} style={{ overflowWrap: "anywhere" }}>
        {lines.map((line) => (
          <ListItem key={line}>{line}</ListItem>
        ))}
      </List>
    </Alert>
  );
};
