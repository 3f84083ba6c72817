// A horizontal bar chart drawn as SVG on the server: readable at 360 px, no JavaScript, a title for
// screen readers and the same figures in a table beside it.
export interface Bar {
  label: string;
  value: number;
  text: string;
  color: string;
}

export interface BarGroup {
  label: string | null;
  bars: Bar[];
}

export function BarChart({ id, title, groups, max }: { id: string; title: string; groups: BarGroup[]; max?: number }) {
  const top = Math.max(1, max ?? Math.max(0, ...groups.flatMap((g) => g.bars.map((b) => b.value))));
  // As wide as a 360 px phone gives it, so that 13-unit labels show at 13 px or more (never under 12).
  const width = 316;
  const labelW = 92;
  const barW = width - labelW - 92;
  const rowH = 22;
  let y = 0;
  const rows: JSX.Element[] = [];
  for (const [gi, g] of groups.entries()) {
    if (g.label) {
      rows.push(
        <text key={`g${gi}`} x={0} y={y + 15} fontSize={14} fontWeight={700} fill="#1b1f24">
          {g.label}
        </text>,
      );
      y += 20;
    }
    for (const [bi, b] of g.bars.entries()) {
      const w = Math.max(1, Math.round((Math.min(b.value, top) / top) * barW));
      rows.push(
        <g key={`b${gi}-${bi}`}>
          <text x={0} y={y + 15} fontSize={13} fill="#1b1f24">
            {b.label}
          </text>
          <rect x={labelW} y={y + 4} width={w} height={rowH - 8} fill={b.color} />
          <text x={labelW + w + 6} y={y + 15} fontSize={13} fill="#1b1f24">
            {b.text}
          </text>
        </g>,
      );
      y += rowH;
    }
    y += 6;
  }
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${y}`} width="100%" role="img" aria-labelledby={id}>
        <title id={id}>{title}</title>
        {rows}
      </svg>
    </figure>
  );
}
