// Import-direction rules (`npm run lint:deps`, part of `npm run lint`). docs/architecture.md
// explains the layers; each rule's comment says what it protects.

/** Folders of the domain: they know nothing of HTTP. */
const DOMAIN =
  "^server/(attribution|audit|click-store|clicks|commissions|conversions|disputes|fraud|idempotency|keys|lib|merchants|partners|payouts|programs|refunds|sessions|settings|stats|store|stripe|users|webhooks)/";

/**
 * Domain folders whose tables belong to a merchant: their queries go through store/tenant.ts.
 * Not keys/, users/ or sessions/: authentication finds its tenant from a key's hash, an e-mail
 * address or a session token's hash (their writes still go through tenant handles).
 */
const TENANT_DOMAIN =
  "^server/(attribution|audit|clicks|commissions|conversions|disputes|fraud|idempotency|partners|payouts|programs|refunds|settings|stats|stripe|webhooks)/";

/**
 * The only server modules allowed to load a build-time module, and only with a dynamic import
 * whose absence they answer: the snippet route builds the snippet in-process when snippet/dist is
 * missing (esbuild), the doctor drives Chromium (playwright-core and the extension's driver).
 */
const LAZY_LOADERS = "^server/(routes/snippet|support/doctor/run)\\.ts$";

/**
 * The dashboard app (server/dashboard/): React sources and their Vite config, bundled at build
 * time into server/dashboard/dist, which the server serves as files. Its imports of React and
 * the like are build-time, so the runtime rules below leave it out; no-circular still applies,
 * and the server never imports it (server-not-to-dashboard-app).
 */
const DASHBOARD_APP = "^server/dashboard/";
const BUILD_TIME_MODULES = "^(snippet/build\\.ts|extension/automation/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import circles anywhere: a circle makes load order and ownership unclear.",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-not-to-http",
      severity: "error",
      comment:
        "Domain modules return typed outcomes or throw domain errors; only the HTTP layer (server/http, server/routes) maps them to the contract's envelope.",
      from: { path: DOMAIN },
      to: { path: "^server/(http/|routes/|cli/|app\\.ts$)" },
    },
    {
      name: "contract-is-a-leaf",
      severity: "error",
      comment:
        "The public contract (error codes, key format, zod schemas, reason codes, origins) imports nothing from the rest of the server: every layer may import it.",
      from: { path: "^server/contract/" },
      to: { path: "^(server|snippet|extension)/", pathNot: "^server/contract/" },
    },
    {
      name: "tenant-queries-through-the-scope",
      severity: "error",
      comment:
        "Repositories of tenant tables query through a tenant handle (server/store/tenant.ts), which applies merchant and mode by construction; they do not build queries on Kysely directly.",
      from: { path: TENANT_DOMAIN },
      to: { path: "node_modules/kysely/" },
    },
    {
      name: "runtime-no-static-dev-deps",
      severity: "error",
      comment:
        "`npm install --omit=dev && npm start` must work: server code imports devDependencies only for types, or lazily (next rule).",
      from: { path: "^server/", pathNot: DASHBOARD_APP },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"], dynamic: false },
    },
    {
      name: "dev-deps-only-from-lazy-loaders",
      severity: "error",
      comment: "A dynamic import of a devDependency only where its absence is answered.",
      from: { path: "^server/", pathNot: [LAZY_LOADERS, DASHBOARD_APP] },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "build-time-modules-only-lazily",
      severity: "error",
      comment:
        "Build-time modules (the snippet's build, the extension's automation driver) import devDependencies; the server reaches them only by a dynamic import in a lazy loader.",
      from: { path: "^server/", pathNot: LAZY_LOADERS },
      to: { path: BUILD_TIME_MODULES, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "build-time-modules-not-statically",
      severity: "error",
      comment: "Even the lazy loaders import build-time modules dynamically, never at load.",
      from: { path: LAZY_LOADERS },
      to: { path: BUILD_TIME_MODULES, dependencyTypesNot: ["type-only"], dynamic: false },
    },
    {
      name: "server-not-to-dashboard-app",
      severity: "error",
      comment:
        "The dashboard app's sources are bundled by Vite and load React: the server serves its built files (routes/dashboard.ts), it never imports them.",
      from: { path: "^server/", pathNot: DASHBOARD_APP },
      to: { path: DASHBOARD_APP },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves (a moved file left behind an import).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // .tsx (the extension's and the dashboard's React views) is left out: dependency-cruiser
    // parses TypeScript with swc here, without JSX (TypeScript 7, the project's compiler, has no
    // JavaScript API it can use). Built bundles are not sources.
    exclude: { path: "(^(\\.output|\\.wxt|snippet/dist|server/dashboard/dist)/|\\.tsx$)" },
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
