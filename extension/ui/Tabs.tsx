// Accessible tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). Every panel stays
// rendered and inactive ones are `hidden`, so a tab keeps its scroll and filter state.
import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";

export interface TabSpec {
  id: string;
  label: string;
  count?: number;
  content: ReactNode;
}

export function Tabs({
  tabs,
  active,
  onChange,
}: {
  tabs: TabSpec[];
  active: string;
  onChange: (id: string) => void;
}) {
  const base = useId();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent, index: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    const tab = tabs[next];
    if (!tab) return;
    onChange(tab.id);
    buttons.current[next]?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Selgeo panel sections">
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => onChange(tab.id)}
            onKeyDown={(e) => onKey(e, index)}
            data-testid={`tab-${tab.id}`}
          >
            {tab.label}
            {tab.count !== undefined && <span className="count">{tab.count}</span>}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <section
          key={tab.id}
          role="tabpanel"
          id={`${base}-panel-${tab.id}`}
          aria-labelledby={`${base}-tab-${tab.id}`}
          hidden={tab.id !== active}
          className="tab-panel"
          data-testid={`panel-${tab.id}`}
        >
          {tab.content}
        </section>
      ))}
    </>
  );
}
