import { createRequire } from "node:module";
import path from "node:path";
import { spawnChild } from "./child";
import { waitForHttp } from "./ports";

const require = createRequire(import.meta.url);

/**
 * maildev (real SMTP server + web inbox) in its own process: its CLI handles its own signals,
 * and mail is kept under `dir` so the inbox survives restarts.
 */
export const startMail = async ({
  dir,
  smtpPort,
  webPort,
  log,
}: {
  dir: string;
  smtpPort: number;
  webPort: number;
  log: (line: string) => void;
}) => {
  const bin = path.join(path.dirname(require.resolve("maildev/package.json")), "bin", "maildev");
  const child = spawnChild({
    name: "mail",
    command: process.execPath,
    args: [
      bin,
      "--smtp",
      String(smtpPort),
      "--web",
      String(webPort),
      "--ip",
      "127.0.0.1",
      "--mail-directory",
      dir,
      "--silent",
    ],
    env: { ...process.env },
    log,
  });
  const webUrl = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${webUrl}/email`, 20_000, () => child.process.exitCode !== null);
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webUrl, stop: child.stop };
};
