// Imported first by every entrypoint. Extension pages run under a CSP without 'unsafe-eval', and
// zod 4 probes `new Function("")` the first time it parses an object; the probe is caught, but
// Firefox still logs the refusal as a CSP error in the background page. `jitless` skips the
// probe (and the generated fast path, which that CSP forbids anyway).
import { z } from "zod";

z.config({ jitless: true });
