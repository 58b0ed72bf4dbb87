// npm run migrate: applies the migrations this version ships and exits (run it once per deploy, before
// web and worker). Uses MIGRATION_DATABASE_URL (the owner role) when set, else DATABASE_URL.
import { runPrisma } from "@/prisma/prisma-cli";
import { grantAppRole, roleOfUrl } from "../local/app-role";
import { checkEnvironment } from "./preflight";

const main = async () => {
  const env = await checkEnvironment();
  const ownerUrl = process.env.MIGRATION_DATABASE_URL || env.DATABASE_URL;
  const out = await runPrisma(["migrate", "deploy"], ownerUrl);
  console.log(
    out
      .trim()
      .split("\n")
      .filter((l) => !/^(Loaded Prisma config|Prisma config)/.test(l))
      .join("\n"),
  );
  // The app role's privileges follow the schema: granted again after every migration (idempotent).
  const appRole = roleOfUrl(env.DATABASE_URL);
  if (appRole !== roleOfUrl(ownerUrl)) {
    await grantAppRole({ ownerUrl, appRole });
    console.log(`Privileges of ${appRole} granted.`);
  }
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`Migration failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
