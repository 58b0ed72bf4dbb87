import { expect } from "vitest";
import { AppError, errorStatus, type ErrorCode } from "@/lib/errors";

/**
 * The one way tests expect a refusal: `promise` rejects with an AppError of `code`, its status the
 * one lib/errors.ts gives that code, and any `fields` given matching (userMessage, fields, action…).
 * Returns the error for further checks.
 */
export const expectAppError = async (
  promise: Promise<unknown>,
  code: ErrorCode,
  fields: Record<string, unknown> = {},
): Promise<AppError> => {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) expect.fail(`expected ${code}, but it resolved with ${JSON.stringify(outcome.value)}`);
  const error = outcome.error;
  expect(error, `expected an AppError ${code}`).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code, status: errorStatus[code], ...fields });
  return error as AppError;
};

/**
 * The AppError `promise` rejects with, for tests that check several of its parts (code, status, action,
 * message) together; fails when it resolves or rejects with anything else.
 */
export const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    (value) => expect.fail(`expected a refusal, but it resolved with ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  expect(error, "expected an AppError").toBeInstanceOf(AppError);
  return error as AppError;
};
