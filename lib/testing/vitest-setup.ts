// Runs in each test worker before the test file's imports: points lib/env at the test stack.
import { inject } from "vitest";

const stackEnv = JSON.parse(inject("stackEnv")) as Record<string, string>;
for (const [k, v] of Object.entries(stackEnv)) if (typeof v === "string") process.env[k] = v;
