// One export measured in a fresh process (started by export.ts with the stack's env), so
// its RSS baseline holds neither the seeding's garbage nor pages another export already mapped.
// Usage: export-probe.ts stream|hold <adminId> [from]. Prints one JSON line on stdout.
import type { Caller } from "@/lib/auth/get-current-user";
import { drain, materialise, measurePeakMemory } from "./export-memory";

const [mode, adminId, from] = process.argv.slice(2);
if ((mode !== "stream" && mode !== "hold") || !adminId)
  throw new Error("usage: export-probe.ts stream|hold <adminId> [from]");
const [{ db }, { exportAuditCsv }] = await Promise.all([
  import("@/lib/db"),
  import("@/lib/domain/audit/export-audit-csv"),
]);
const admin: Caller = { id: adminId, email: null, name: null, role: "ADMIN" };
try {
  // Warm-up on the newest few rows: Prisma's query compiler and the pool load before the baseline.
  const newest = await db.auditEvent.findMany({ orderBy: { seq: "desc" }, take: 5, select: { createdAt: true } });
  await drain(
    await exportAuditCsv(
      admin,
      newest.length ? { from: (newest.at(-1) as { createdAt: Date }).createdAt.toISOString() } : {},
    ),
  );

  const query = from ? { from } : {};
  if (mode === "stream") {
    const { result, growth } = await measurePeakMemory(async () => drain(await exportAuditCsv(admin, query)));
    console.log(JSON.stringify({ ...growth, bytes: result.bytes, lines: result.lines }));
  } else {
    const { result, growth } = await measurePeakMemory(async () => materialise(await exportAuditCsv(admin, query)));
    console.log(JSON.stringify({ ...growth, bytes: Buffer.byteLength(result), lines: result.split("\n").length - 1 }));
  }
} finally {
  await db.$disconnect();
}
