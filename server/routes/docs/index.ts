// Documents: the OpenAPI document, its interactive reference and the error codes' page. Mounted
// on the whole app (not a sub-app): the OpenAPI document describes every route registered on it.
import type { App } from "../../http/route";
import { registerErrorDocs } from "./errors";
import { registerOpenApiDocument } from "./openapi";
import { registerApiReference } from "./reference";

export function registerDocs(app: App): void {
  registerOpenApiDocument(app);
  registerApiReference(app);
  registerErrorDocs(app);
}
