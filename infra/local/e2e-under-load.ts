// npm run test:e2e:loaded [-- runs]: the end-to-end suite run several times in a row while other
// processes keep every core busy, to find tests that assert on timing or on how far a concurrent
// process got. It stops at the first failing run. The burners run at normal priority, so the suite
// gets no more than its fair share of each core.
import { spawn, spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("usage: npm run test:e2e:loaded -- [runs, a whole number of at least 1]");
  process.exit(2);
}

const burners = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ["-e", "for (;;) Math.sqrt(Math.random());"], { stdio: "ignore" }),
);
const stopBurners = () => burners.forEach((b) => b.kill("SIGKILL"));
process.on("exit", stopBurners);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    stopBurners();
    process.exit(130);
  });

const results: string[] = [];
let failed = false;
for (let i = 1; i <= runs && !failed; i++) {
  const started = Date.now();
  console.log(`\n== run ${i} of ${runs}, ${burners.length} busy processes beside it ==`);
  const status = spawnSync("npm", ["run", "test:e2e"], { cwd: root, stdio: "inherit" }).status ?? 1;
  const line = `run ${i}: ${status === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s, load average ${loadavg()[0]?.toFixed(1)}`;
  results.push(line);
  failed = status !== 0;
}
stopBurners();
console.log(`\n${results.join("\n")}`);
process.exit(failed ? 1 : 0);
