import { z } from "zod";

/** A moment in an API answer: the domain's `Date` as JSON writes it (`toISOString`). */
export const ZInstant = z.iso.datetime({ offset: true });
