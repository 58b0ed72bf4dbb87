// The `weights` CLI: log in with a portal token, browse, check access, pull verified weights, push new ones.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./errors";
import { login } from "./commands/login";
import { whoami } from "./commands/whoami";
import { ls } from "./commands/ls";
import { status } from "./commands/status";
import { pull } from "./commands/pull";
import { push } from "./commands/push";

/** The portal's release this CLI came with (the CLI ships inside the portal's package). */
const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const program = () => {
  const cli = new Command("weights")
    .description("Download gated model weights from a weights portal, and publish them")
    .version(version, "-V, --version", "print the CLI's version")
    .exitOverride();
  cli
    .command("login")
    .description("store a token for the portal (from --token or stdin)")
    .option("--token <token>")
    .option("--portal <url>")
    .action(login);
  cli.command("whoami").description("show the account of the stored token").action(whoami);
  cli.command("ls").argument("[query]").description("list the models you may see").action(ls);
  cli.command("status").argument("<org/name>").description("your access to a model and the next step").action(status);
  cli
    .command("pull")
    .argument("<org/name[@revision]>")
    .description("download and verify a model's files")
    .option("--include <glob>", "only files matching the glob (repeatable)", collect)
    .option("--dir <dir>", "target directory (default ./<name>)")
    .action(pull);
  cli
    .command("push")
    .argument("<org/name@version>")
    .argument("<files...>")
    .description("upload files into a DRAFT version (admin-scope token); run again to resume")
    .option("--as <path>", "path inside the version for a single file (default: its base name)")
    .option("--prefix <dir>", "folder inside the version for the files")
    .option("--no-wait", "return once uploaded, without waiting for the portal's verification")
    .action(push);
  return cli;
};

export const run = async (argv: string[]): Promise<number> => {
  try {
    await program().parseAsync(argv);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (e instanceof CliError) {
      console.error(`error: ${e.message}`);
      if (e.action) console.error(`next step: ${e.action}`);
      return e.exitCode;
    }
    console.error(`error: ${(e as Error).message ?? e}`);
    return EXIT.NETWORK;
  }
};
