// Field errors shared by creating and updating a partner: both are the caller's input to fix,
// so both are VALIDATION_ERROR naming the field, never a 404 for the URL or a 500.
import { ApiError } from "../../contract/errors";

export function refTaken(ref: string): ApiError {
  return new ApiError(
    "VALIDATION_ERROR",
    `The ref "${ref}" is already used by another of your partners. Choose another ref, or leave it out to have one generated.`,
    { details: { fields: { ref: "is already used by another partner" } } },
  );
}

export function unknownProgramField(programId: string): ApiError {
  return new ApiError(
    "VALIDATION_ERROR",
    `program_id ${programId} is not one of your programs. List them with GET /api/v1/programs.`,
    { details: { fields: { program_id: "is not one of your programs" } } },
  );
}

export function partnerNotFound(id: string): ApiError {
  return new ApiError(
    "NOT_FOUND",
    `No partner ${id} in your account. List your partners with GET /api/v1/partners.`,
  );
}
