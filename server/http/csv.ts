// A CSV download streamed page by page, so an export of millions of rows never sits in memory.
import type { Context } from "hono";
import { type CsvValue, csvLine } from "../lib/csv";

export function csvResponse(
  c: Context,
  filename: string,
  header: string[],
  rows: AsyncIterable<CsvValue[]>,
): Response {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(header)));
    },
    async pull(controller) {
      let chunk = "";
      // A few hundred lines per chunk: fewer, larger writes.
      for (let i = 0; i < 500; i++) {
        const next = await iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
  });
}
