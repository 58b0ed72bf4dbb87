// GET /api/v1/admin/webhooks/{id} - one endpoint with its delivery counts (admins)
// PATCH /api/v1/admin/webhooks/{id} - { active?, events? }: enable, disable or change the events
// DELETE /api/v1/admin/webhooks/{id} - remove the endpoint and its delivery log
import { deleteWebhook } from "@/lib/domain/webhooks/delete-webhook";
import { getWebhook } from "@/lib/domain/webhooks/get-webhook";
import { updateWebhook } from "@/lib/domain/webhooks/update-webhook";
import { apiRoute, readJson } from "@/lib/http/api-route";

type Params = { id: string };

export const GET = apiRoute<Params>(async ({ caller, params }) => getWebhook(caller, params));

export const PATCH = apiRoute<Params>(async ({ req, caller, params }) =>
  updateWebhook(caller, params, await readJson(req)),
);

export const DELETE = apiRoute<Params>(async ({ caller, params }) => deleteWebhook(caller, params));
