// What every role command checks before it starts anything: the whole environment (one message listing
// every problem, no stack trace), then, for web and worker, a database whose migrations are up to date.
import { databaseNotReady } from "./pending-migrations";

const refuse = (message: string): never => {
  console.error(message);
  process.exit(1);
};

/** Validates the environment (lib/env.ts prints every problem at once) and returns the parsed settings. */
export const checkEnvironment = async () => {
  try {
    return (await import("@/lib/env")).env;
  } catch {
    // lib/env.ts has printed the list of problems already.
    return refuse("Not started: fix the configuration above.");
  }
};

/** Refuses to go on (exit 1, one message) when the database is unreachable or behind this version. */
export const checkDatabaseReady = async (url: string, connectTimeoutMs: number) => {
  const reason = await databaseNotReady(url, connectTimeoutMs);
  if (reason) refuse(`Not started: ${reason}`);
};
