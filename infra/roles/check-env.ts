// Validates the environment in a process of its own (lib/env.ts reads process.env once, at import) and
// exits 1 with lib/env.ts's list of problems when it is not valid. `npm start` runs it before anything.
import { checkEnvironment } from "./preflight";

await checkEnvironment();
process.exit(0);
