// Text in which every Selgeo id (req_…, clk_…, conv_…) becomes a link to the audit log.
import { Fragment } from "react";
import { IdLink } from "./IdLink";

const ID = /\b(?:req|clk|conv)_[A-Za-z0-9_-]+/g;

export function LinkedText({ text, apiBase }: { text: string; apiBase: string | null }) {
  const parts: Array<{ text: string; id: boolean; at: number }> = [];
  let last = 0;
  for (const match of text.matchAll(ID)) {
    if (match.index > last)
      parts.push({ text: text.slice(last, match.index), id: false, at: last });
    parts.push({ text: match[0], id: true, at: match.index });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), id: false, at: last });
  return (
    <>
      {parts.map((part) =>
        part.id ? (
          <IdLink key={part.at} id={part.text} apiBase={apiBase} />
        ) : (
          <Fragment key={part.at}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
