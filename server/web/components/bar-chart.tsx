/**
 * A horizontal bar chart as SVG the bank draws itself (no library, no script). Lengths are percentages of the
 * SVG's own width and there is no viewBox, so on a 375 px phone the bars shrink while the text keeps its size:
 * each label sits on its own line above its bar, and long labels are cut with «…», shorter on a phone (the table
 * beside the chart gives every label whole). The SVG is one image for a screen reader (`role="img"` with a title and a
 * description); the table beside it carries the numbers.
 */
import { formatNumber } from '../format.js';

export interface Bar {
  label: string;
  value: number;
}

const ROW = 38;
const LABEL_BASELINE = 14;
const BAR_TOP = 19;
const BAR_HEIGHT = 12;
/** The longest bar leaves room for its number after it. */
const MAX_BAR_PERCENT = 82;
/** Labels are cut to fit: a phone's line holds about 34 characters at 14 px, a desktop's chart column 80. */
const PHONE_LABEL = 34;
const WIDE_LABEL = 80;

const cut = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1).trimEnd()}…` : label);

/** The chart; `id` makes its title and description ids unique on the page. */
export function BarChart({
  id,
  title,
  description,
  bars,
}: {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
}) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * ROW;
  return (
    <svg
      class="bar-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      width="100%"
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, i) => {
        const y = i * ROW;
        // A zero stays a zero, but a small non-zero value always shows a sliver.
        const percent = max === 0 || bar.value === 0 ? 0 : Math.max(0.6, (bar.value / max) * MAX_BAR_PERCENT);
        const width = `${percent.toFixed(2)}%`;
        return (
          <g>
            {/* Text in SVG does not wrap: the phone's shorter label is shown by stats.css under 40 rem. */}
            <text class={bar.label.length > PHONE_LABEL ? 'bar-label wide' : 'bar-label'} x="0" y={y + LABEL_BASELINE}>
              {cut(bar.label, WIDE_LABEL)}
            </text>
            {bar.label.length > PHONE_LABEL ? (
              <text class="bar-label narrow" x="0" y={y + LABEL_BASELINE}>
                {cut(bar.label, PHONE_LABEL)}
              </text>
            ) : null}
            <rect class="bar" x="0" y={y + BAR_TOP} width={width} height={BAR_HEIGHT} rx="2" />
            <text class="bar-value" x={width} dx="6" y={y + BAR_TOP + BAR_HEIGHT - 1}>
              {formatNumber(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
