import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * An SMTP server that takes a message and then never answers its end-of-data: the state in which a
 * pooled send can wait for good. It counts the connections it was given.
 */
const stallingServer = async () => {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    let inData = false;
    socket.write("220 stall.test ESMTP\r\n");
    socket.on("data", (chunk) => {
      for (const line of chunk.toString("utf8").split("\r\n").filter(Boolean)) {
        if (inData) continue; // swallows the message and its final "." without a reply
        if (/^(EHLO|HELO)/i.test(line)) socket.write("250 stall.test\r\n");
        else if (/^(MAIL|RCPT)/i.test(line)) socket.write("250 OK\r\n");
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write("354 go on\r\n");
        }
      }
    });
  });
  await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((res) => server.close(res));
    },
  };
};

describe("sendMail", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("fails a send the server never finishes by its deadline, and the next send starts on a new connection", async () => {
    const smtp = await stallingServer();
    try {
      vi.stubEnv("SMTP_URL", smtp.url);
      vi.resetModules();
      const { sendMail } = await import("./send-mail");
      const content = { subject: "s", text: "t", html: "<p>t</p>" };
      const started = Date.now();
      await expect(sendMail("a@example.org", content, { deadlineMs: 400 })).rejects.toThrow(
        "SMTP send did not finish within 400 ms",
      );
      // Well before the pool's own 10 s socket timeout would have ended it.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(smtp.connections()).toBe(1);
      await expect(sendMail("b@example.org", content, { deadlineMs: 400 })).rejects.toThrow("within 400 ms");
      // The stuck pool was dropped: the second send did not queue behind the first one's connection.
      expect(smtp.connections()).toBe(2);
    } finally {
      await smtp.close();
    }
  });
});
