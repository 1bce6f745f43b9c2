// The build (snippet/build.ts) replaces __SELGEO_VERSION__ with the package version; sources run
// unbuilt (unit tests) report "dev" instead of failing on the missing global.
declare const __SELGEO_VERSION__: string | undefined;

export const VERSION: string = typeof __SELGEO_VERSION__ === "string" ? __SELGEO_VERSION__ : "dev";
