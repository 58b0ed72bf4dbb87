import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { env } from "@/lib/env";
import { sealJson } from "@/lib/jobs/seal";
import type { TSendEmailPayload } from "@/lib/jobs/send-email";
import { uid } from "@/lib/testing/factories";
import { mailsTo, waitForMails } from "@/lib/testing/mail-inbox";
import { run } from "./send-email";

// The real handler, through real SMTP, into the embedded maildev; each test mails a unique address.
const address = () => `mail-${uid()}@example.test`;
const content = {
  subject: "Your sign-in link",
  text: "Open https://example.test/cb?token=t0k3n",
  html: "<p><a href='https://example.test/cb?token=t0k3n'>Sign in</a></p>",
};

afterAll(() => (globalThis as { transport?: { close: () => void } }).transport?.close());

/** Proves nothing went to `to`: a control mail sent afterwards over the same transport has arrived, and still nothing for `to`. */
const expectNothingSentTo = async (to: string) => {
  const control = address();
  await run({ payload: { to: control, kind: "test", message: { sealed: false, ...content } } });
  await waitForMails(control);
  expect(await mailsTo(to)).toEqual([]);
};

describe("send-email handler", () => {
  it("delivers a plain message with its text and html parts", async () => {
    const to = address();
    const result = await run({ payload: { to, kind: "test", message: { sealed: false, ...content } } });
    expect(result.messageId).toEqual(expect.any(String));
    const [mail, ...rest] = await waitForMails(to);
    expect(rest).toEqual([]);
    expect(mail?.subject).toBe(content.subject);
    expect(mail?.text?.trim()).toBe(content.text);
    expect(mail?.html).toContain(content.html);
    expect(mail?.from[0]?.address).toBe("no-reply@localhost");
  });

  it("gives a retried job's mail the same Message-ID, so the receiving system can drop the duplicate", async () => {
    const to = address();
    const payload: TSendEmailPayload = { to, kind: "test", message: { sealed: false, ...content } };
    // The first run's mail went out, then the worker died before the job was marked done: pg-boss runs it again.
    const first = await run({ payload, jobId: "0b6d7e1c-3f0a-4c55-9d1e-2a7b8c9d0e1f" });
    const retry = await run({ payload, jobId: "0b6d7e1c-3f0a-4c55-9d1e-2a7b8c9d0e1f" });
    const other = await run({ payload, jobId: "5a4f3e2d-1c0b-4a99-8877-665544332211" });
    expect(first.messageId).toBe("<job-0b6d7e1c-3f0a-4c55-9d1e-2a7b8c9d0e1f@localhost>");
    expect(retry.messageId).toBe(first.messageId);
    const mails = await waitForMails(to, 3);
    expect(mails.map((m) => m.messageId).sort()).toEqual([
      "job-0b6d7e1c-3f0a-4c55-9d1e-2a7b8c9d0e1f@localhost",
      "job-0b6d7e1c-3f0a-4c55-9d1e-2a7b8c9d0e1f@localhost",
      "job-5a4f3e2d-1c0b-4a99-8877-665544332211@localhost",
    ]);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it("opens a sealed message and delivers its decrypted content", async () => {
    const to = address();
    const box = sealJson(env.NEXTAUTH_SECRET, content);
    expect(box).not.toContain("t0k3n");
    await run({ payload: { to, kind: "magic-link", message: { sealed: true, box } } });
    const [mail] = await waitForMails(to);
    expect(mail?.subject).toBe(content.subject);
    expect(mail?.text).toContain("token=t0k3n");
    expect(mail?.html).toContain("token=t0k3n");
  });

  it("throws and sends nothing when the box is not a valid seal", async () => {
    const to = address();
    const good = sealJson(env.NEXTAUTH_SECRET, content);
    const raw = Buffer.from(good, "base64url");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0xff;
    const tampered = raw.toString("base64url");
    for (const box of ["not-a-box", tampered, sealJson(`${env.NEXTAUTH_SECRET}-other`, content)])
      await expect(run({ payload: { to, kind: "magic-link", message: { sealed: true, box } } })).rejects.toThrow();
    await expectNothingSentTo(to);
  });

  it("throws and sends nothing when a sealed message lacks a field, or the payload itself is invalid", async () => {
    const to = address();
    const box = sealJson(env.NEXTAUTH_SECRET, { subject: "s", text: "t" });
    await expect(run({ payload: { to, kind: "magic-link", message: { sealed: true, box } } })).rejects.toBeInstanceOf(
      ZodError,
    );
    const bad = { to, kind: "", message: { sealed: false, ...content } } as TSendEmailPayload;
    await expect(run({ payload: bad })).rejects.toBeInstanceOf(ZodError);
    await expectNothingSentTo(to);
  });
});
