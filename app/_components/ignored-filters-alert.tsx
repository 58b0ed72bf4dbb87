import { Alert } from "@mantine/core";
import type { z } from "zod";

/** Filters from the address bar that did not parse: the page ignores them and says which. */
export const IgnoredFiltersAlert = ({ error }: { error: z.ZodError | undefined }) =>
  error ? (
    <Alert color="yellow" title="Some filters were not valid and were ignored" role="alert">
      {error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
    </Alert>
  ) : null;
