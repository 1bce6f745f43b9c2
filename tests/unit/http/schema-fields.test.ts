import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createConversionBodySchema } from "../../../server/contract/schemas/conversions";
import { createProgramBodySchema } from "../../../server/contract/schemas/programs";
import { knownFieldsAt } from "../../../server/http/schema-fields";

describe("knownFieldsAt", () => {
  it("reads a body's fields off its schema", () => {
    expect(knownFieldsAt(createConversionBodySchema, [])).toEqual(
      expect.arrayContaining(["click_id", "amount_cents", "occurred_at", "metadata"]),
    );
  });

  it("goes through optional, nullable, pipes, arrays and every branch of a union", () => {
    const schema = z
      .strictObject({
        nested: z.strictObject({ inner_field: z.string() }).nullable().optional(),
        list: z.array(z.strictObject({ item_field: z.number() })),
        either: z.union([
          z.strictObject({ kind: z.literal("a"), a_field: z.string() }),
          z.strictObject({ kind: z.literal("b"), b_field: z.string() }),
        ]),
      })
      .transform((value) => value);
    expect(knownFieldsAt(schema, ["nested"])).toEqual(["inner_field"]);
    expect(knownFieldsAt(schema, ["list", 0])).toEqual(["item_field"]);
    expect(knownFieldsAt(schema, ["either"]).sort()).toEqual(["a_field", "b_field", "kind"]);
    expect(knownFieldsAt(schema, ["missing"])).toEqual([]);
  });

  it("finds the program body's commission fields", () => {
    expect(knownFieldsAt(createProgramBodySchema, []).length).toBeGreaterThan(0);
  });
});
