// Not a guide section but the worst mistake a page can make: a secret key (sk_…) in the page,
// in data-merchant or anywhere in its HTML, is readable by every visitor.
import type { Rule } from "../finding";
import { SECRET_KEY_EXPOSED } from "../guide";
import type { Observations } from "../observations";

export const secretKeyExposed: Rule<Observations> = (o) => {
  const evidence = o.exposedSecrets.map((s) => `${s.key} in ${s.where}`);
  if (o.key.class.kind === "secret" && !o.exposedSecrets.some((s) => s.where === "data-merchant")) {
    evidence.push(`${o.key.value} in data-merchant`);
  }
  const check = o.key.check?.result;
  if (check && !check.valid && check.reason === "SECRET_KEY_EXPOSED") {
    evidence.push("keys/check answered SECRET_KEY_EXPOSED");
  }
  if (evidence.length === 0) return null;
  return {
    id: "secret-key-exposed",
    severity: "error",
    ...SECRET_KEY_EXPOSED,
    cause:
      "A secret key is in the page. Anyone can read it and use it to report conversions, create partners or read your data.",
    fix: 'Remove it from the page and roll it now (Settings > API Keys, or `selgeo keys rotate`); secret keys belong on your server only. The tag needs the publishable key: data-merchant="pk_live_…".',
    evidence,
  };
};
