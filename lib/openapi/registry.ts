// Every documented operation, by id. A route in app/api without an entry here fails
// lib/openapi/coverage.test.ts; docs/ARCHITECTURE.md ("A route") says how to add one.
import { adminModelOperations } from "./admin-models";
import { adminOperations } from "./admin";
import { healthOperations } from "./health";
import { hubOperations } from "./hub";
import { meOperations } from "./me";
import { modelOperations } from "./models";
import { reviewOperations } from "./review";

export const operations = {
  ...modelOperations,
  ...meOperations,
  ...reviewOperations,
  ...adminModelOperations,
  ...adminOperations,
  ...hubOperations,
  ...healthOperations,
} as const;
export type Operations = typeof operations;
export type OperationId = keyof Operations;
