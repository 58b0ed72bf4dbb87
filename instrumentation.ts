// Next calls onRequestError for every page, layout or route that throws while it is served. A page
// that failed because the database is unavailable becomes a 503 in the web role's server, not Next's
// 500 (lib/http/request-outage.ts).
import { noteRequestError } from "@/lib/http/request-outage";

export const onRequestError = (error: unknown) => {
  noteRequestError(error);
};
