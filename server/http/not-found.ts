// The 404 of a mode-scoped object. An object of another merchant, or of the other mode, is
// answered exactly like one that does not exist: ids never leak across those lines.
import { ApiError } from "../contract/errors";
import type { Mode } from "../contract/key-format";

export function notFoundInMode(kind: string, id: string, mode: Mode, listPath: string): ApiError {
  const other = mode === "test" ? "live" : "test";
  return new ApiError(
    "NOT_FOUND",
    `No ${kind} ${id} in ${mode} mode. Objects made with ${other} keys are only visible with your sk_${other}_ key; list yours with GET ${listPath}.`,
    { details: { mode } },
  );
}
