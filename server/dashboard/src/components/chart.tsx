// Daily series drawn with uPlot (canvas: fast with thousands of points, ~50 kB, no
// dependencies). A canvas says nothing to a screen reader, so the same figures are in a table
// beside it for assistive technology.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatDay } from "../lib/dates";
import { useDarkMode } from "../state/theme";

interface Series {
  label: string;
  values: number[];
  color: string;
  format?: (value: number) => string;
}

const utc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC");

export function DailyChart({
  title,
  dates,
  series,
  height = 240,
}: {
  title: string;
  dates: string[];
  series: Series[];
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const dark = useDarkMode();
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const ink = dark ? "#a1a1aa" : "#52525b";
    const grid = dark ? "#27272a" : "#e4e4e7";
    const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const plot = new uPlot(
      {
        width: element.clientWidth || 600,
        height,
        tzDate: utc,
        cursor: { drag: { x: false, y: false } },
        legend: { show: true },
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 56 }],
        series: [
          {
            label: "Day",
            value: (_u, v) =>
              v == null ? "" : formatDay(new Date(v * 1000).toISOString().slice(0, 10)),
          },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: `${s.color}1a`,
            width: 2,
            points: { show: dates.length <= 31 },
            value: (_u: uPlot, v: number | null) => (v == null ? "" : (s.format ?? String)(v)),
          })),
        ],
      },
      [dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [dates, series, height, dark]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} aria-hidden="true" />
      {/* Tables ignore overflow: the wrapper is what keeps it out of the layout. */}
      <div className="visually-hidden">
        <table>
          <caption>{title} (UTC days)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dates.map((date, i) => (
              <tr key={date}>
                <th scope="row">{date}</th>
                {series.map((s) => (
                  <td key={s.label}>{(s.format ?? String)(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
