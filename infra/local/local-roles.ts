// The embedded stack's two database roles: the owner `registry` (the server's bootstrap superuser,
// which runs migrations) and the app role `registry_app`, whose password is generated into the data dir.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { ensureLoginRole } from "./app-role";
import { readOrCreateFile } from "./data-dir";

export const LOCAL_APP_ROLE = "registry_app";
const PASSWORD_FILE = "app-db.password";

/** Creates (or re-keys) the app role from the data dir's password file; returns its URL beside the owner's. */
export const ensureLocalAppRole = async (dataDir: string, ownerUrl: string) => {
  const password = readOrCreateFile(path.join(dataDir, PASSWORD_FILE), () => randomBytes(24).toString("base64url"));
  await ensureLoginRole({ ownerUrl, role: LOCAL_APP_ROLE, password });
  return appUrlFor(ownerUrl, password);
};

const appUrlFor = (ownerUrl: string, password: string) => {
  const url = new URL(ownerUrl);
  url.username = LOCAL_APP_ROLE;
  url.password = password;
  return url.toString();
};
