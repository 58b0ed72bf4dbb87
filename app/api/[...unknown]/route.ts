// Any method on /api/* that no route serves - 404 NOT_FOUND in the JSON error shape (Next would answer its HTML page)
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";

const notFound = apiRoute(async () => {
  throw new AppError("NOT_FOUND", { userMessage: "No such API endpoint." });
});

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
