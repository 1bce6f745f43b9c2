// Path parameters shared by the get/update routes of every resource.
import { z } from "@hono/zod-openapi";

/** `{id}` in a path, documented with the resource's id prefix. Any other id answers 404. */
export function idParams(prefix: string) {
  return z.object({
    id: z.string().openapi({
      param: { name: "id", in: "path" },
      example: `${prefix}_3kTmq9aZ1B7cXy0Lp2Qw4Rte`,
    }),
  });
}
