// Seeding for bench:uploads, through the registry's own code: an admin with an ADMIN-scope token, a
// model with a DRAFT version to push into, and random files on disk (written once, 1 MiB at a time).
import { createWriteStream } from "node:fs";
import { randomFillSync } from "node:crypto";
import { finished } from "node:stream/promises";

export type UploadWorld = { slug: string; org: string; name: string; modelId: string; version: string; token: string };

/** Call after the stack's env is in process.env. */
export const seedUploadWorld = async (): Promise<UploadWorld> => {
  const [f, { createApiToken }, { createVersion }] = await Promise.all([
    import("@/lib/testing/factories"),
    import("@/lib/domain/tokens/create-api-token"),
    import("@/lib/domain/models/create-version"),
  ]);
  const admin = f.callerOf(await f.createUser({ role: "ADMIN", name: "Bench Admin" }));
  const model = await f.createGatedModel({ org: "bench", name: `uploads-${f.uid()}` });
  await createVersion(admin, { org: model.org, name: model.name }, { name: "v1", notes: "bench:uploads" });
  const { token } = await createApiToken(admin, { name: "bench:uploads", scope: "ADMIN", expiresInDays: 1 });
  return { slug: model.slug, org: model.org, name: model.name, modelId: model.id, version: "v1", token };
};

/** `size` random bytes at `path`, never more than 1 MiB in memory. */
export const writeRandomFile = async (path: string, size: number) => {
  const out = createWriteStream(path);
  const CHUNK = 1024 * 1024;
  for (let written = 0; written < size; written += CHUNK) {
    if (!out.write(randomFillSync(Buffer.allocUnsafe(Math.min(CHUNK, size - written)))))
      await new Promise<void>((r) => out.once("drain", () => r()));
  }
  out.end();
  await finished(out);
};
