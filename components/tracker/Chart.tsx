import type { TrackerRow } from '../../lib/schema/tracker';
import { chartModel } from './chart';

const W = 132;
const H = 44;
const PAD = 5;

/**
 * A row's figures over time as a small inline SVG: the figures as dots joined in time order, the target as a
 * dashed line (a band for a range) ending at its deadline. No labels inside: each dot's title says its figure.
 */
export function MiniChart({ row }: { row: TrackerRow }) {
  const m = chartModel(row);
  if (!m) return null;
  const sx = (x: number) => PAD + ((x - m.xMin) / (m.xMax - m.xMin)) * (W - 2 * PAD);
  const sy = (y: number) => H - PAD - ((y - m.yMin) / (m.yMax - m.yMin)) * (H - 2 * PAD);
  const line = m.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const t = m.target;
  return (
    <svg class="mini-chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" data-testid="mini-chart" aria-label={row.target.metric ?? row.target.text}>
      {t && t.yMax !== null && <rect x={PAD} width={W - 2 * PAD} y={sy(t.yMax)} height={Math.max(1, sy(t.y) - sy(t.yMax))} class="target-band" />}
      {t && <line x1={PAD} x2={t.x !== null ? sx(t.x) : W - PAD} y1={sy(t.y)} y2={sy(t.y)} class="target-line" />}
      {t && t.x !== null && <circle cx={sx(t.x)} cy={sy(t.y)} r={3} class="target-dot"><title>{row.target.text}</title></circle>}
      {m.points.length > 1 && <polyline points={line} class="figure-line" />}
      {m.points.map((p) => (
        <circle key={p.figure} cx={sx(p.x)} cy={sy(p.y)} r={2.5} class={`figure-dot source-${row.figures[p.figure].source}`}>
          <title>{`${row.figures[p.figure].period ?? ''} ${row.figures[p.figure].text}`}</title>
        </circle>
      ))}
    </svg>
  );
}
