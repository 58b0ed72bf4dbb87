import { createHash } from "node:crypto";
import { customAlphabet } from "nanoid";

/** Hugging Face clients refuse tokens without this prefix, so ours carry it too. */
export const TOKEN_PREFIX = "hf_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// 37 base62 characters ≈ 220 bits: unguessable, so a plain sha256 (no salt, no KDF) is enough.
const randomPart = customAlphabet(BASE62, 37);

export const generateToken = () => `${TOKEN_PREFIX}${randomPart()}`;
export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
/** What lists show so people can tell tokens apart: `hf_` and the first six random characters. */
export const tokenDisplayPrefix = (token: string) => token.slice(0, TOKEN_PREFIX.length + 6);
export const looksLikeToken = (value: string) => new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{37}$`).test(value);
