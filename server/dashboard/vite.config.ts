// The merchant dashboard's build: React + TypeScript from this folder into ./dist, served by the
// Hono server at /dashboard (server/routes/dashboard.ts). Content hashes in the asset names let
// the server cache them for a year. `npm run build:dashboard`; `npm install` runs it too.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/dashboard/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The server's CSP allows no inline scripts or styles: everything is a file.
    assetsInlineLimit: 0,
  },
  // `npx vite --config server/dashboard/vite.config.ts` beside `npm start`, for working on it.
  server: { proxy: { "/api": "http://127.0.0.1:8787" } },
});
