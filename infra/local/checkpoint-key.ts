import { generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { readOrCreateFile } from "./data-dir";

/** AUDIT_CHECKPOINT_KEY for the embedded stack: an Ed25519 key generated once into the data dir (mode 600). */
export const readOrCreateCheckpointKey = (dataDir: string) =>
  `${readOrCreateFile(path.join(dataDir, "audit-checkpoint.key"), () =>
    generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  )}\n`;
