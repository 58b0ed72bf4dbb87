// Seeds the demo catalog on a fresh database (npm start runs it on first start; `npm run seed` by hand).
import { db } from "@/lib/db";
import { formatBytes } from "@/lib/format";
import { seedDemoCatalog } from "./seed/seed-demo-catalog";

const started = Date.now();
try {
  const result = await seedDemoCatalog();
  if (!result) {
    console.log("Demo catalog: already present, not seeded again.");
  } else {
    console.log(
      `Demo catalog seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (admin: ${result.adminEmail}):`,
    );
    for (const m of result.models)
      for (const f of m.files)
        console.log(`  ${m.slug}/${f.path}  ${formatBytes(f.size)}  sha256 ${f.sha256.slice(0, 16)}…`);
  }
} finally {
  await db.$disconnect();
}
