// A small "Copy" button that says "Copied" for a moment: for fixes, ids and CSP policies. Where
// two copy buttons sit side by side, `name` gives each its own visible (and accessible) name.
import { useEffect, useState } from "react";
import { copyText } from "./copy";

const FEEDBACK_MS = 1500;

export function CopyButton(props: { text: string } & ({ label: string } | { name: string })) {
  const { text } = props;
  const name = "name" in props ? props.name : `Copy ${props.label}`;
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
      aria-label={name}
      title={name}
      data-testid="copy"
      data-copy-text={text}
      data-state={state}
      onClick={() => void copyText(text).then((ok) => setState(ok ? "copied" : "failed"))}
    >
      {state === "copied"
        ? "Copied"
        : state === "failed"
          ? "Copy failed"
          : "name" in props
            ? props.name
            : "Copy"}
    </button>
  );
}
