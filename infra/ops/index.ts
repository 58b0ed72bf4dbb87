// npm run ops -- <command>: operator commands, run on the server against its database
// (DATABASE_URL, or the embedded stack's data dir). Exit codes: 0 done, 1 refused or failed, 2 usage.
// Only the parsing lives here: lib modules validate the environment when imported, so each
// command is loaded after the connection has set it (run-command.ts).
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { z } from "zod";
import { ZGrantDays, ZModelSlug, ZOpsEmail, ZOpsReason, ZOpsScope } from "@/lib/schemas/ops";
import { ZCreateTokenInput } from "@/lib/schemas/tokens";
import { runCommand } from "./run-command";

/** A commander parser from a zod schema: a bad value is a usage error naming the problem. */
const parseWith =
  <S extends z.ZodType>(schema: S) =>
  (value: string): z.output<S> => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(result.error.issues.map((i) => i.message).join("; "));
    return result.data;
  };

/** Days are whole numbers; the schema then says which range. */
const parseDays =
  <S extends z.ZodType<number>>(schema: S) =>
  (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("must be a whole number of days");
    return parseWith(schema)(value);
  };

const program = new Command("ops")
  .description("Operator commands for the Weights Registry (run `npm run ops -- <command> --help` for one command).")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride((e: CommanderError) => {
    // Asked-for help exits 0; everything else commander stops on is a usage error.
    process.exit(e.exitCode === 0 ? 0 : 2);
  });

program
  .command("make-admin")
  .description("make an existing user an admin (they must have signed in once)")
  .argument("<email>", "the user's e-mail address", parseWith(ZOpsEmail))
  .action((email: string) => runCommand(() => import("./make-admin"), { email }));

program
  .command("grant")
  .description("give a user access to a gated model (creates the user if needed); extends an active grant")
  .argument("<email>", "the user's e-mail address", parseWith(ZOpsEmail))
  .argument("<org/name>", "the model", parseWith(ZModelSlug))
  .option(
    "--days <N>",
    "days until the grant expires (default: the model's grant duration, or none)",
    parseDays(ZGrantDays),
  )
  .action((email: string, slug: string, opts: { days?: number }) =>
    runCommand(() => import("./grant"), { email, slug, days: opts.days }),
  );

program
  .command("revoke")
  .description("end a user's active grant for a model now")
  .argument("<email>", "the user's e-mail address", parseWith(ZOpsEmail))
  .argument("<org/name>", "the model", parseWith(ZModelSlug))
  .option("--reason <TEXT>", "shown to the user (default: revoked by the registry's operator)", parseWith(ZOpsReason))
  .action((email: string, slug: string, opts: { reason?: string }) =>
    runCommand(() => import("./revoke"), { email, slug, reason: opts.reason }),
  );

program
  .command("create-token")
  .description("create an API token for a user (creates the user if needed); prints only the token on stdout")
  .argument("<email>", "the user's e-mail address", parseWith(ZOpsEmail))
  .addOption(
    new Option("--scope <scope>", "read or admin (admin needs an admin user)")
      .argParser(parseWith(ZOpsScope))
      .default("READ", "read"),
  )
  .option(
    "--days <N>",
    "days until the token expires, 1 to 365 (default 90)",
    parseDays(ZCreateTokenInput.shape.expiresInDays.unwrap()),
  )
  .option("--name <NAME>", "a name to tell the token apart (default: ops)", parseWith(ZCreateTokenInput.shape.name))
  .action((email: string, opts: { scope: "READ" | "ADMIN"; days?: number; name?: string }) =>
    runCommand(() => import("./create-token"), { email, ...opts }),
  );

program
  .command("audit-verify")
  .description(
    "walk the audit log's hash chain and check it against the latest signed checkpoint; exit 1 naming the first row that does not match",
  )
  .action(() => runCommand(() => import("./audit-verify"), {}));

program
  .command("audit-checkpoint")
  .description(
    "sign the audit log's tail (seq, hash, time) now and store the checkpoint under checkpoints/ in the bucket",
  )
  .action(() => runCommand(() => import("./audit-checkpoint"), {}));

program
  .command("trace")
  .description(
    "name the grant a weight file was delivered under (fingerprinted models), or say no fingerprint was found; exit 1 when none is found",
  )
  .argument("<FILE...>", "weight files (an ONNX model's external-data files alongside it)")
  .action((files: string[]) => runCommand(() => import("./trace"), { files }));

await program.parseAsync();
