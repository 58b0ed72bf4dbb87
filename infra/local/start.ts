// npm start: the whole registry on one machine. Each part the environment does not configure
// (DATABASE_URL, S3_BUCKET, SMTP_URL) starts embedded; the web app and the worker always start.
import path from "node:path";
import { z } from "zod";
import { checkStartConfig } from "./check-config";
import { ensureBuild } from "./ensure-build";
import { assertPortFree } from "./ports";
import { startStack, type Stack } from "./stack";
import { StackError } from "./stack-error";

const port = (name: string) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .parse(process.env[name] || undefined);

const dev = process.argv.includes("--dev");

const main = async () => {
  const started = Date.now();
  const appPort = port("PORT") ?? 3000;
  const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
  // A bad setting is refused before anything starts, with every problem in one message.
  const problem = checkStartConfig(process.env, appPort);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  // Fail on a taken port before spending a minute on a build.
  await assertPortFree(appPort, "web app", "PORT");
  // npm run dev serves the sources through `next dev` (edits show on reload); npm start serves a build.
  if (!dev) await ensureBuild();
  stack = await startStack({
    dev,
    port: appPort,
    dataDir,
    ports: { pg: port("PG_PORT"), s3: port("S3_PORT"), smtp: port("SMTP_PORT"), mailWeb: port("MAIL_WEB_PORT") },
    log: (line) => console.log(line),
    onFatal: (reason) => void shutdown("fatal", reason),
  });
  console.log(
    [
      "",
      `Weights Registry is up (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  Web app     ${stack.appUrl}`,
      ...stack.embedded.map((e) => `  ${e}`),
      `  Data dir    ${stack.embedded.length ? dataDir : "(none: every part is configured by env)"}`,
      ...(stack.mailWebUrl
        ? [`  Sign in as admin@registry.local (or any address) and open the link from the mail inbox.`]
        : []),
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
};

let stack: Stack | undefined;
let stopping = false;
/** Web and worker first, then mail, S3 and PostgreSQL; exit 0 on a signal, 1 when a part could not be kept up. */
const shutdown = async (why: string, fatal?: string) => {
  if (stopping) return;
  stopping = true;
  console.log(fatal ? `\nCannot keep running: ${fatal}. Stopping…` : `\n${why}: stopping…`);
  await stack?.stop();
  console.log("Stopped.");
  process.exit(fatal ? 1 : 0);
};
// Registered before anything starts: a signal during start-up stops what has started so far.
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

main().catch((e) => {
  if (e instanceof StackError || e instanceof z.ZodError)
    console.error(`\nCannot start: ${e instanceof z.ZodError ? e.issues.map((i) => i.message).join("; ") : e.message}`);
  else console.error("\nCannot start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
