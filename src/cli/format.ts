/** Plain-text tables for the terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // numbers (and "-"/"never") align right, text aligns left
  const numeric = (c: string) => /^[-+]?[\d,.]+( ?(%|s|min|h|d))?$|^–$|^never$/.test(c);
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
