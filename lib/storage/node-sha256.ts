import { createHash, createHmac } from "node:crypto";

/** node:crypto as the hash @smithy/signature-v4 expects (an HMAC when given a secret). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash("sha256")
        : createHmac("sha256", typeof secret === "string" ? secret : Buffer.from(secret as Uint8Array));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data as Uint8Array));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}
