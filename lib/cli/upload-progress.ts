// What `weights push` shows: on a terminal, a bar per file and one for the total with speed and time
// left (cli-progress, as pull); otherwise only lines (one per finished file), for logs and scripts.
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { duration, human } from "./human";

/** Bytes sent in this run (resumed parts do not count) since the first one started: speed and time left. */
const rateText = (sent: number, since: number | null, left: number) => {
  if (since === null || sent === 0) return "";
  const perSecond = sent / Math.max((performance.now() - since) / 1000, 0.001);
  return `${human(perSecond)}/s, ${duration(left / perSecond)} left`;
};

export type FileProgress = {
  /** Free text in the bar's last column: "hashing", "verifying", "READY". */
  status: (text: string) => void;
  /** The upload starts with `bytes` already on the portal (resumed parts). */
  begin: (bytes: number) => void;
  /** A part of `bytes` was stored. */
  sent: (bytes: number) => void;
};

export type PushProgress = {
  /** A line above the bars (or on stdout without a terminal). */
  line: (text: string) => void;
  file: (name: string, size: number) => FileProgress;
  stop: () => void;
};

export const createPushProgress = ({ tty, totalBytes }: { tty: boolean; totalBytes: number }): PushProgress => {
  const bars = tty
    ? new MultiBar(
        {
          clearOnComplete: false,
          hideCursor: true,
          format: " {bar} {percentage}% | {name} | {done}/{size} | {status}",
        },
        Presets.shades_classic,
      )
    : null;
  const total = bars?.create(Math.max(totalBytes, 1), 0, {
    name: "total",
    done: human(0),
    size: human(totalBytes),
    status: "",
  });
  let totalDone = 0;
  let totalSent = 0;
  let totalSince: number | null = null;
  const updateTotal = () =>
    total?.update(totalDone, {
      done: human(totalDone),
      status: rateText(totalSent, totalSince, totalBytes - totalDone),
    });

  return {
    line: (text) => (bars ? bars.log(`${text}\n`) : console.log(text)),
    file: (name, size) => {
      const bar: SingleBar | undefined = bars?.create(Math.max(size, 1), 0, {
        name,
        done: human(0),
        size: human(size),
        status: "",
      });
      let done = 0;
      let sent = 0;
      let since: number | null = null;
      const update = (status?: string) =>
        bar?.update(done, { done: human(done), status: status ?? rateText(sent, since, size - done) });
      return {
        status: (text) => update(text),
        begin: (bytes) => {
          done = bytes;
          totalDone += bytes;
          since = performance.now();
          totalSince ??= since;
          update();
          updateTotal();
        },
        sent: (bytes) => {
          done += bytes;
          sent += bytes;
          totalDone += bytes;
          totalSent += bytes;
          update();
          updateTotal();
        },
      };
    },
    stop: () => bars?.stop(),
  };
};
