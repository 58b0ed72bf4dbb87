// Loaded with `node --import` into the bench stack's processes when a bench runs with --profile: in
// the web role only, samples the CPU with V8's profiler and writes a .cpuprofile to BENCH_CPU_PROFILE
// when the process ends (Chrome DevTools and speedscope open it; code-share.ts reads it).
import fs from "node:fs";
import inspector from "node:inspector";

const target = process.env.BENCH_CPU_PROFILE;
if (target && process.argv.some((a) => a.endsWith("infra/roles/web.ts"))) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  let written = false;
  // An in-process inspector session answers synchronously, so this also works in an exit handler.
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (err, result) => {
      if (!err) fs.writeFileSync(target, JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  process.on("SIGTERM", write);
}
