import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { receiveBodyFile } from "@/lib/http/receive-body-file";
import { createDownloadableModel, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { createResearcher, uid, createModelReviewer } from "@/lib/testing/factories";
import { getTraceOverview, traceUpload } from "./trace-upload";

const modelIds = trackDownloadModels();

/** A body of `total` bytes streamed in 64 KiB chunks (no Content-Length unless given), counting what was pulled. */
const upload = (total: number, headers: Record<string, string> = {}) => {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(randomBytes(64 * 1024));
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled.bytes >= total) return controller.close();
        const part = chunk.subarray(0, Math.min(chunk.byteLength, total - pulled.bytes));
        pulled.bytes += part.byteLength;
        controller.enqueue(part);
      },
      // No read ahead: a chunk is pulled only when the receiver reads, so "pulled" is what was read.
    },
    { highWaterMark: 0 },
  );
  const req = new Request("http://x.test/api/v1/admin/fingerprints/traces", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { req, pulled };
};

const uploadsLeft = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith("weights-upload-")).length;
const tracedRows = (via: string) =>
  db.auditEvent.count({ where: { action: "fingerprint.traced", data: { path: ["via"], equals: via } } });

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    // A ZodError is what apiRoute answers as 422 VALIDATION_FAILED.
    (e: unknown) =>
      e instanceof AppError ? `${e.status} ${e.code}` : e instanceof ZodError ? "422 VALIDATION_FAILED" : String(e),
  );

describe("traceUpload", () => {
  it("refuses everyone but admins before reading a byte: nothing received, traced or audited", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "model.onnx" }]);
    await db.model.update({ where: { id: model.id }, data: { fingerprinting: true } });
    const researcher = await createResearcher();
    const reviewer = await createResearcher();
    await createModelReviewer(reviewer.user.id, model.id);
    const admin = await createResearcher({ role: "ADMIN" });
    const before = uploadsLeft();

    for (const [caller, expected] of [
      [null, "401 SIGN_IN_REQUIRED"],
      [researcher.caller, "404 NOT_FOUND"],
      // Reviewers too, even of a fingerprinted model: the search spans every model's grants.
      [reviewer.caller, "404 NOT_FOUND"],
      [{ ...admin.caller, scope: "READ" as const }, "403 FORBIDDEN"],
    ] as const) {
      const via = `test-${uid()}`;
      const { req, pulled } = upload(256 * 1024);
      let received = false;
      const got = await codeOf(
        traceUpload(caller, {
          query: {},
          via,
          receive: (max) => ((received = true), receiveBodyFile(req, max)),
        }),
      );
      expect(got).toBe(expected);
      expect([received, pulled.bytes, await tracedRows(via)]).toEqual([false, 0, 0]);
    }
    await expect(getTraceOverview(reviewer.caller)).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    await expect(getTraceOverview(null)).rejects.toMatchObject({ code: "SIGN_IN_REQUIRED", status: 401 });
    expect(uploadsLeft()).toBe(before);
  });

  it("an admin's bad file name, empty body or body over the cap is a 4xx with nothing audited and no file left", async () => {
    const admin = await createResearcher({ role: "ADMIN" });
    const before = uploadsLeft();
    const attempt = async (
      query: Record<string, string>,
      body: ReturnType<typeof upload>,
      cap?: number,
    ): Promise<[string, number, number]> => {
      const via = `test-${uid()}`;
      const got = await codeOf(
        traceUpload(admin.caller, {
          query,
          via,
          // The route passes the configured cap; a smaller one here stands for a body larger than it.
          receive: (max) => {
            expect(max).toBe(env.MAX_TRACE_UPLOAD_BYTES);
            return receiveBodyFile(body.req, cap ?? max);
          },
        }),
      );
      return [got, body.pulled.bytes, await tracedRows(via)];
    };

    expect(await attempt({ name: "../etc/passwd" }, upload(1024))).toEqual(["422 VALIDATION_FAILED", 0, 0]);
    expect(await attempt({ name: "a.onnx", extra: "1" }, upload(1024))).toEqual(["422 VALIDATION_FAILED", 0, 0]);
    expect(await attempt({}, upload(0))).toEqual(["400 BAD_REQUEST", 0, 0]);
    expect(await attempt({}, upload(0, { "content-length": "0" }))).toEqual(["400 BAD_REQUEST", 0, 0]);
    // Declared over the cap: refused before reading.
    expect(await attempt({}, upload(4 * 1024 ** 2, { "content-length": String(4 * 1024 ** 2) }), 1024 ** 2)).toEqual([
      "413 PAYLOAD_TOO_LARGE",
      0,
      0,
    ]);
    // Streamed without a length: cut off at the cap, not read to the end.
    const [code, pulled, audited] = await attempt({}, upload(8 * 1024 ** 2), 1024 ** 2);
    expect([code, audited]).toEqual(["413 PAYLOAD_TOO_LARGE", 0]);
    expect(pulled).toBeLessThan(2 * 1024 ** 2);
    expect(await attempt({}, upload(10, { "content-length": "ten" }))).toEqual(["400 BAD_REQUEST", 0, 0]);
    expect(uploadsLeft()).toBe(before);
  });

  it("an admin's upload is traced once, audited with the admin as actor, and its temp file removed", async () => {
    const admin = await createResearcher({ role: "ADMIN" });
    const before = uploadsLeft();
    const via = `test-${uid()}`;
    const { req } = upload(300 * 1024);
    const result = await traceUpload(admin.caller, {
      query: { name: "leak.safetensors" },
      via,
      receive: (max) => receiveBodyFile(req, max),
    });
    expect(result).toMatchObject({ found: false, grant: null, fileName: "leak.safetensors", size: 300 * 1024 });
    const rows = await db.auditEvent.findMany({
      where: { action: "fingerprint.traced", data: { path: ["via"], equals: via } },
    });
    expect(rows.map((r) => [r.actorId, (r.data as { sha256: string }).sha256])).toEqual([
      [admin.user.id, result.sha256],
    ]);
    expect(uploadsLeft()).toBe(before);
  });
});
