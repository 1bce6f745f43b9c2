// openapi-typescript prints its types with TypeScript 5's compiler API, which TypeScript 7 (the
// project's compiler) no longer has: this hook hands it the `typescript5` package (an npm alias
// of TypeScript 5, a devDependency) and leaves every other import of `typescript` alone.
import { register } from "node:module";

register("./typescript5-hooks.mjs", import.meta.url);
