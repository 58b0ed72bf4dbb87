import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** For pages: a domain NOT_FOUND renders the not-found page; anything else propagates. */
export const orNotFound = <T>(work: Promise<T>): Promise<T> =>
  work.catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
