import { mkdtemp, readFile, stat, mkdir, chmod, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, readConfig, resolveConfig, writeConfig } from "./config";

const tempEnv = async () => ({ XDG_CONFIG_HOME: await mkdtemp(join(tmpdir(), "weights-cfg-")) });

describe("CLI config", () => {
  it("writes the token file 600 in a 700 directory under XDG_CONFIG_HOME and reads it back", async () => {
    const env = await tempEnv();
    await writeConfig({ portal: "https://portal.example", token: "hf_secret" }, env);
    const file = configPath(env);
    expect(file).toBe(join(env.XDG_CONFIG_HOME, "weights", "config.json"));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(env.XDG_CONFIG_HOME, "weights"))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ portal: "https://portal.example", token: "hf_secret" });
    expect(await readConfig(env)).toEqual({ portal: "https://portal.example", token: "hf_secret" });
  });

  it("tightens an existing directory and file that were too open", async () => {
    const env = await tempEnv();
    const dir = join(env.XDG_CONFIG_HOME, "weights");
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, "config.json"), "{}", { mode: 0o644 });
    await chmod(join(dir, "config.json"), 0o644);
    await writeConfig({ portal: "http://p", token: "hf_x" }, env);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, "config.json"))).mode & 0o777).toBe(0o600);
  });

  it("env overrides the file; a missing or broken file means no token and the default portal", async () => {
    const env = await tempEnv();
    expect(await resolveConfig(env)).toEqual({ portal: "http://localhost:3000", token: undefined });
    await mkdir(join(env.XDG_CONFIG_HOME, "weights"), { recursive: true });
    await writeFile(configPath(env), "not json");
    expect((await resolveConfig(env)).token).toBeUndefined();
    await writeConfig({ portal: "http://file.example/", token: "hf_file" }, env);
    expect(await resolveConfig(env)).toEqual({ portal: "http://file.example", token: "hf_file" });
    expect(
      await resolveConfig({ ...env, WEIGHTS_TOKEN: "hf_env", WEIGHTS_PORTAL: "http://env.example:8080/" }),
    ).toEqual({ portal: "http://env.example:8080", token: "hf_env" });
  });

  it("refuses a portal that is not an http(s) URL with the usage exit code", async () => {
    await expect(resolveConfig({ ...(await tempEnv()), WEIGHTS_PORTAL: "ftp://x" })).rejects.toMatchObject({
      exitCode: 2,
    });
  });
});
