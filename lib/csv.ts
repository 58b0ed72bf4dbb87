import { stringify } from "csv-stringify/sync";

/** CSV text for these records (RFC 4180 quoting), with a header line when `columns` are given. */
export const toCsv = (records: (string | null)[][], columns?: readonly string[]) =>
  stringify(records, { header: Boolean(columns), columns: columns ? [...columns] : undefined });

/**
 * A cell starting with = + - @ (or a tab / carriage return) runs as a formula in a spreadsheet: prefix it
 * with ' as OWASP advises. Only for free text people choose; csv-stringify's own escape_formulas costs
 * about 10 µs a row on every cell.
 */
export const noFormula = (cell: string | null) => (cell && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/**
 * A pull-based CSV stream: the header first, then one batch of rows per read, the next batch fetched
 * while the previous one is sent. A slow client slows the reads down and memory stays flat (at most one
 * formatted batch waits in the queue). `fetchAfter(null)` is the first batch; a batch shorter than
 * `batchSize` is the last.
 */
export const csvStream = <Row>({
  header,
  batchSize,
  fetchAfter,
  format,
}: {
  header: string;
  batchSize: number;
  fetchAfter: (last: Row | null) => Promise<Row[]>;
  format: (rows: Row[]) => Promise<string> | string;
}): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder();
  const start = (last: Row | null) => {
    // Promise.resolve starts a lazy (Prisma) query now, so it runs while the previous batch is sent.
    const rows = Promise.resolve(fetchAfter(last));
    rows.catch(() => {}); // a download cancelled mid-way leaves its read-ahead unread
    return rows;
  };
  let next = start(null);
  return new ReadableStream<Uint8Array>(
    {
      start: (controller) => controller.enqueue(encoder.encode(header)),
      pull: async (controller) => {
        const rows = await next;
        if (rows.length === 0) return controller.close();
        next = rows.length < batchSize ? Promise.resolve([]) : start(rows[rows.length - 1]!);
        controller.enqueue(encoder.encode(await format(rows)));
      },
    },
    { highWaterMark: 1 },
  );
};
