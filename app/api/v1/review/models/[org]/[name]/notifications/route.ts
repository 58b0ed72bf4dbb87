// PUT /api/v1/review/models/{org}/{name}/notifications - the caller's mails for the model's new requests { mode: EACH | DIGEST | NONE } (its reviewers)
import { setReviewerNotification } from "@/lib/domain/review/set-reviewer-notification";
import { apiRoute, readJson } from "@/lib/http/api-route";
import type { TModelRouteParams } from "@/lib/schemas/catalog";

export const PUT = apiRoute<TModelRouteParams>(async ({ req, caller, params }) =>
  setReviewerNotification(caller, params, await readJson(req)),
);
