/**
 * The file itself is not a valid file of its kind (bad header, not a protobuf, absurd sizes).
 * Final: the inspect job stores the message instead of retrying. Storage errors are not this.
 */
export class InspectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InspectionError";
  }
}
