import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertPortFree, findFreePort } from "./ports";
import { startPostgres } from "./postgres";
import { StackError } from "./stack-error";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "registry-pgtest-"));
  // The embedded PostgreSQL runs as an unprivileged user when the tests run as root.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Holds 127.0.0.1:port the way another program would. */
const holdPort = () =>
  new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    );
  });

const rejection = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StackError);
  return (e as StackError).message;
};
const noLog = () => {};

describe("startPostgres", () => {
  it("refuses a data dir from another PostgreSQL major, naming both versions and what to do, without touching it", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "PG_VERSION"), "15\n");
    const message = await rejection(startPostgres({ dir, port: await findFreePort(), log: noLog }));
    expect(message).toContain(`The database in ${dir} was created by PostgreSQL 15`);
    expect(message).toContain("ships PostgreSQL 18");
    expect(message).toMatch(/Move that directory aside \(or set DATA_DIR to another one\)/);
    expect(message).toMatch(/dump it with PostgreSQL 15 and restore it/);
    expect(readdirSync(dir)).toEqual(["PG_VERSION"]);
  });

  it("refuses a data dir another running PostgreSQL holds (live pid in postmaster.pid)", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "PG_VERSION"), "18\n");
    writeFileSync(path.join(dir, "postmaster.pid"), `${process.pid}\n${dir}\n`);
    const message = await rejection(startPostgres({ dir, port: await findFreePort(), log: noLog }));
    expect(message).toContain(`Another PostgreSQL (pid ${process.pid}) is already running on ${dir}`);
    expect(message).toContain("DATA_DIR");
  });

  it("explains a taken port with the variable to set (real initdb + start)", async () => {
    const held = await holdPort();
    try {
      const message = await rejection(startPostgres({ dir: path.join(tempDir(), "pg"), port: held.port, log: noLog }));
      expect(message).toBe(
        `Port ${held.port} for the embedded PostgreSQL is already in use. Set PG_PORT to a free port.`,
      );
    } finally {
      await held.close();
    }
  });
});

describe("assertPortFree", () => {
  it("throws a StackError naming the port, the part and the env variable when the port is held", async () => {
    const held = await holdPort();
    try {
      const message = await rejection(assertPortFree(held.port, "embedded PostgreSQL", "PG_PORT"));
      expect(message).toBe(
        `Port ${held.port} (embedded PostgreSQL) is already in use. Stop whatever uses it, or set PG_PORT to a free port.`,
      );
    } finally {
      await held.close();
    }
  });

  it("resolves for a free port, and leaves it free", async () => {
    const port = await findFreePort();
    await expect(assertPortFree(port, "web app", "PORT")).resolves.toBeUndefined();
    await expect(assertPortFree(port, "web app", "PORT")).resolves.toBeUndefined();
  });
});
