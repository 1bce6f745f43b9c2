// Module resolution hooks for typescript5.mjs.
export async function resolve(specifier, context, nextResolve) {
  if (
    specifier === "typescript" &&
    context.parentURL?.includes("/node_modules/openapi-typescript/")
  ) {
    return nextResolve("typescript5", context);
  }
  return nextResolve(specifier, context);
}
