import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { visibleModelsWhere } from "@/lib/domain/catalog/visible-models-where";

export type ModelRef = { org: string; name: string };

/** The model the gate decides on, or 404 when the caller may not see it. */
export const findVisibleModel = async (caller: Caller | null, { org, name }: ModelRef, client: Tx | typeof db = db) => {
  const model = await client.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, visibleModelsWhere(caller)] },
    select: {
      id: true,
      slug: true,
      title: true,
      gating: true,
      formDefinition: true,
      formVersion: true,
      rules: true,
      grantDurationDays: true,
      requestCooldownDays: true,
      fingerprinting: true,
      currentLicenseVersion: {
        select: { id: true, version: true, sha256: true, license: { select: { name: true, slug: true } } },
      },
    },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  return model;
};
export type VisibleModel = Awaited<ReturnType<typeof findVisibleModel>>;
