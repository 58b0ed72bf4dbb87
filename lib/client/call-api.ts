/** The JSON error every API route returns. */
export type ApiError = {
  code: string;
  message: string;
  action?: string;
  fields?: Record<string, string[]>;
  /** When to ask again (RATE_LIMITED, COPY_PREPARING, SERVICE_UNAVAILABLE), as in `Retry-After`. */
  retryAfterSeconds?: number;
};

/** fetch for the portal's own API from the browser: JSON in, JSON or the error body out. */
export const callApi = async <T>(
  url: string,
  init: { method: string; body?: unknown },
): Promise<{ ok: true; data: T } | { ok: false; error: ApiError }> => {
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const json = (await res.json().catch(() => null)) as unknown;
    if (res.ok) return { ok: true, data: json as T };
    const error = (json as { error?: ApiError } | null)?.error;
    return { ok: false, error: error ?? { code: "INTERNAL", message: `The server answered ${res.status}.` } };
  } catch {
    return {
      ok: false,
      error: { code: "NETWORK", message: "Could not reach the server. Check your connection and try again." },
    };
  }
};
