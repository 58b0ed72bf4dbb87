import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { handleApiError } from "./handle-api-error";

type Body = { error: { code: string; message: string; action?: string; fields?: Record<string, string[]> } };
const respond = async (e: unknown, headers?: HeadersInit) => {
  const res = handleApiError(e, headers);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Body };
};

afterEach(() => vi.restoreAllMocks());

describe("handleApiError", () => {
  it("maps a ZodError to 422 VALIDATION_FAILED with per-field messages", async () => {
    const schema = z.object({
      email: z.email("not an e-mail"),
      profile: z.object({ age: z.number().min(18, "too young") }),
      tags: z.array(z.string()),
    });
    const { error } = schema.safeParse({ email: "x", profile: { age: 3 }, tags: ["ok", 5] });
    const { status, body } = await respond(error);
    expect(status).toBe(422);
    expect(body).toEqual({
      error: {
        code: "VALIDATION_FAILED",
        message: "Some fields are not valid.",
        fields: { email: ["not an e-mail"], "profile.age": ["too young"], "tags.1": [expect.any(String)] },
      },
    });
  });

  it("collects several messages for one field, and root-level issues under `_`", async () => {
    const twoRules = z.string().min(5, "too short").regex(/^\d+$/, "digits only");
    const { body } = await respond(z.object({ pin: twoRules }).safeParse({ pin: "ab" }).error);
    expect(body.error.fields).toEqual({ pin: ["too short", "digits only"] });
    expect((await respond(z.string().safeParse(1).error)).body.error.fields).toEqual({ _: [expect.any(String)] });
  });

  it("passes an AppError through with its status, code, message and action", async () => {
    const e = new AppError("LICENSE_NOT_ACCEPTED", {
      userMessage: "Accept the license first.",
      action: "/models/a/b/license",
      cause: new Error("internal detail"),
    });
    const { status, body, text } = await respond(e);
    expect(status).toBe(403);
    expect(body).toEqual({
      error: { code: "LICENSE_NOT_ACCEPTED", message: "Accept the license first.", action: "/models/a/b/license" },
    });
    expect(text).not.toContain("internal detail");
    expect((await respond(new AppError("RATE_LIMITED"))).status).toBe(429);
    expect((await respond(new AppError("GEO_BLOCKED"))).body).toEqual({
      error: { code: "GEO_BLOCKED", message: "GEO_BLOCKED" },
    });
  });

  it("keeps the headers it is given", async () => {
    const { headers } = await respond(new AppError("RATE_LIMITED"), { "Retry-After": "30" });
    expect(headers.get("retry-after")).toBe("30");
    expect(headers.get("content-type")).toMatch(/application\/json/);
  });

  it("sends retryAfterSeconds as Retry-After and in the body; without it, no Retry-After", async () => {
    const { status, headers, body } = await respond(
      new AppError("RATE_LIMITED", { userMessage: "Slow down.", retryAfterSeconds: 17 }),
    );
    expect(status).toBe(429);
    expect(headers.get("retry-after")).toBe("17");
    expect(body).toEqual({ error: { code: "RATE_LIMITED", message: "Slow down.", retryAfterSeconds: 17 } });
    const plain = await respond(new AppError("RATE_LIMITED"));
    expect(plain.headers.get("retry-after")).toBeNull();
    expect(plain.body.error).not.toHaveProperty("retryAfterSeconds");
    // A header the route set itself wins.
    expect(
      (await respond(new AppError("RATE_LIMITED", { retryAfterSeconds: 5 }), { "Retry-After": "9" })).headers.get(
        "retry-after",
      ),
    ).toBe("9");
  });

  it("maps Prisma P2025 to 404 and P2002 to 409, without leaking the Prisma message", async () => {
    expect(await respond({ code: "P2025" })).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "Not found." } },
    });
    expect(await respond({ code: "P2002" })).toMatchObject({
      status: 409,
      body: { error: { code: "CONFLICT", message: "This already exists." } },
    });
    const real = new Prisma.PrismaClientKnownRequestError(
      "Unique constraint failed on the constraint: `User_email_key`",
      { code: "P2002", clientVersion: "6.19.3" },
    );
    const { status, text } = await respond(real);
    expect(status).toBe(409);
    expect(text).not.toContain("User_email_key");
  });

  it.each([
    ["an Error", new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")],
    [
      "an unmapped Prisma code",
      Object.assign(new Error("Foreign key constraint failed on Secret_fk"), { code: "P2003" }),
    ],
    ["a code that only looks like Prisma's", { code: "P20251", message: "secret-ish" }],
    ["a thrown string", "raw string with secret"],
    ["null", null],
  ])("maps %s to a generic 500 with no internal message or stack", async (_, thrown) => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const { status, body, text } = await respond(thrown);
    expect(status).toBe(500);
    expect(body).toEqual({
      error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." },
    });
    for (const leak of ["hunter2", "ECONNREFUSED", "Secret_fk", "secret", "stack", "at ", ".ts:"])
      expect(text).not.toContain(leak);
    // The detail goes to the server log instead.
    expect(log).toHaveBeenCalledWith({ err: thrown }, "unhandled error");
  });

  it("does not log the errors it maps on purpose", async () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    await respond(new AppError("NOT_FOUND"));
    await respond({ code: "P2025" });
    await respond(z.string().safeParse(1).error);
    expect(log).not.toHaveBeenCalled();
  });
  it.each(["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"])(
    "reports an unknown body key %s as a field, like any other",
    async (key) => {
      const input = JSON.parse(`{"name":"x",${JSON.stringify(key)}:1}`) as unknown;
      const { status, body } = await respond(z.strictObject({ name: z.string() }).safeParse(input).error);
      expect(status).toBe(422);
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(body.error.fields ?? {})).toEqual([key]);
      expect(JSON.stringify(body)).toContain("Unknown field");
    },
  );

  it("maps PostgreSQL's refusal of a NUL byte (22021) to 400 BAD_REQUEST, from Prisma and from raw SQL", async () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const viaPrisma = await db.user.findFirst({ where: { email: "nul\u0000@example.test" } }).catch((e: unknown) => e);
    const viaRaw = await db.$queryRaw`SELECT ${"a\u0000b"}::text AS t`.catch((e: unknown) => e);
    for (const thrown of [viaPrisma, viaRaw]) {
      const { status, body } = await respond(thrown);
      expect(status).toBe(400);
      expect(body.error.code).toBe("BAD_REQUEST");
    }
    expect(log).not.toHaveBeenCalled();
  });
});
