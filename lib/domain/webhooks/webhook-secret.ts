import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { openJson, sealJson } from "@/lib/jobs/seal";

const Secret = z.string().startsWith("whsec_");

/** Signing secrets are stored sealed (AES-GCM under NEXTAUTH_SECRET): a database dump alone cannot forge webhooks. */
export const sealWebhookSecret = (secret: string) => sealJson(env.NEXTAUTH_SECRET, Secret.parse(secret));

export const openWebhookSecret = (sealed: string) => openJson(env.NEXTAUTH_SECRET, sealed, Secret);
