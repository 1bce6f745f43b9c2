// A small "Copy" button that says "Copied" for a moment: for fixes, ids and CSP policies.
import { useEffect, useState } from "react";
import { copyText } from "./copy";

const FEEDBACK_MS = 1500;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="copy"
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      data-testid="copy"
      data-copy-text={text}
      data-state={state}
      onClick={() => void copyText(text).then((ok) => setState(ok ? "copied" : "failed"))}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
    </button>
  );
}
