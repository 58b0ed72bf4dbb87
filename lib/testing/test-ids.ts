// The helpers vitest factories and e2e fixtures share: one unique-id maker, one sha256, one day.
// Import-free of the database and the app's env, so Playwright's processes can load it too.
import { createHash, randomUUID } from "node:crypto";

/** A short random lower-case id (12 hex digits), safe inside e-mails, slugs and org names. */
export const uid = () => randomUUID().replace(/-/g, "").slice(0, 12);

/** The lower-case hex sha256 of a text's UTF-8 bytes (license texts, token hashes). */
export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export { DAY_MS } from "../time";
