// `npm run bench:doctor`: how long `selgeo doctor` takes for one page's full diagnosis — page
// load, the snippet's click, the extension settling, the key check, the report. Target: under
// 5 s per page. Measured in real Chromium with the built extension against the doctor's test
// shop in each deployment layout; the browser start is timed apart (once per run of the CLI).
// BENCH_DOCTOR_RUNS sets the samples per page (default 5). Run it with `nice` on a shared machine.
import { DoctorBrowser } from "../../server/support/doctor/run";
import {
  copyExtensionBuild,
  HOST_RULES_ARG,
  LAYOUTS,
  startDoctorShop,
} from "../fixtures/doctor/shop";

const RUNS = Number(process.env.BENCH_DOCTOR_RUNS ?? 5);
const TARGET_MS = 5000;
const PAGES = [
  { name: "healthy", ref: "demo" },
  { name: "cspconnect", ref: "demo" },
  { name: "typo", ref: "demo" },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const extension = await copyExtensionBuild();
let failed = false;
try {
  for (const layout of LAYOUTS) {
    const shop = await startDoctorShop(layout);
    const startedAt = performance.now();
    const browser = await DoctorBrowser.open({
      extensionDir: extension.dir,
      chromiumArgs: [HOST_RULES_ARG],
    });
    const startMs = performance.now() - startedAt;
    console.log(`\n${layout}: browser with the extension started in ${Math.round(startMs)} ms`);
    try {
      for (const page of PAGES) {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          // The first run records the click; later ones are returning visits (the click reused).
          const t0 = performance.now();
          const report = await browser.check(shop.url(page.name), {
            timeoutMs: 30_000,
            ref: page.ref,
          });
          times.push(performance.now() - t0);
          if (!report.complete) console.log(`  ${page.name}: run ${i + 1} did not settle`);
        }
        times.sort((a, b) => a - b);
        const median = percentile(times, 50);
        const p95 = percentile(times, 95);
        const ok = p95 < TARGET_MS;
        failed ||= !ok;
        console.log(
          `  ${page.name.padEnd(11)} median ${Math.round(median)} ms, p95 ${Math.round(p95)} ms, max ${Math.round(times.at(-1) ?? 0)} ms (target < ${TARGET_MS} ms) ${ok ? "ok" : "TOO SLOW"}`,
        );
      }
    } finally {
      await browser.close();
      await shop.close();
    }
  }
} finally {
  extension.remove();
}
process.exitCode = failed ? 1 : 0;
