import { Group, Text } from '@mantine/core';

export type Series = { name: string; color: string };
export type Bar = { label: string; values: number[] };

/**
 * Grouped horizontal bars in plain SVG (no chart library to download): one row per label, one bar per series, each
 * with its figure. The numbers are also in the table next to every chart.
 */
export function BarChart({ title, series, bars, format }: { title: string; series: Series[]; bars: Bar[]; format: (v: number) => string }) {
  const max = Math.max(1, ...bars.flatMap((b) => b.values));
  const rowHeight = 10 + series.length * 16;
  const labelWidth = 110;
  const width = 460;
  const height = bars.length * rowHeight + 4;
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
        {bars.map((bar, row) => (
          <g key={bar.label} transform={`translate(0, ${row * rowHeight})`}>
            <text x={0} y={rowHeight / 2 + 4} fontSize={12} fill="#343a40">{bar.label}</text>
            {bar.values.map((value, i) => {
              const w = ((width - labelWidth - 90) * value) / max;
              return (
                <g key={series[i].name} transform={`translate(${labelWidth}, ${5 + i * 16})`}>
                  <rect width={Math.max(w, value > 0 ? 1 : 0)} height={13} rx={2} fill={series[i].color} />
                  <text x={w + 4} y={11} fontSize={11} fill="#212529">{format(value)}</text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <Group gap="md" component="figcaption">
          {series.map((s) => (
            <Group key={s.name} gap={4}>
              <span style={{ width: 10, height: 10, background: s.color, display: 'inline-block', borderRadius: 2 }} />
              <Text size="xs">{s.name}</Text>
            </Group>
          ))}
        </Group>
      )}
    </figure>
  );
}
