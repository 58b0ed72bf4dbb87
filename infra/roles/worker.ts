// npm run start:worker: the job worker, once the environment and the database are checked.
import { checkDatabaseReady, checkEnvironment } from "./preflight";

const env = await checkEnvironment();
await checkDatabaseReady(env.DATABASE_URL, env.DB_CONNECT_TIMEOUT_MS);
await import("@/workers/index");
