/** A problem the operator can fix (port taken, incompatible data dir): printed as is, no stack trace. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackError";
  }
}
