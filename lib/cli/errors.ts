// Exit codes are the CLI's contract with scripts: each failure class has its own.
export const EXIT = { OK: 0, USAGE: 2, AUTH: 3, GATE: 4, NETWORK: 5, INTEGRITY: 6 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** Absolute URL of the next step (gate errors), printed under the message. */
    readonly action?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}
