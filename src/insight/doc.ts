/**
 * A small document model for generated text (the evidence pack): headings, paragraphs, bullet
 * lists, tables and verbatim blocks, rendered as Markdown (CommonMark with GitHub tables) and as
 * one self-contained HTML page (inline CSS, no script). Every text is escaped for its target:
 * Markdown table cells escape `|`, HTML escapes & < > " '.
 */

export type Block =
  | { readonly h: 1 | 2 | 3; readonly text: string }
  | { readonly p: string }
  | { readonly list: readonly string[] }
  | { readonly table: readonly (readonly string[])[]; readonly header: readonly string[] }
  | { readonly pre: readonly string[] };

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const cellMd = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if ('h' in b) out.push(`${'#'.repeat(b.h)} ${b.text}`);
    else if ('p' in b) out.push(b.p);
    else if ('list' in b) out.push(b.list.map((x) => `- ${x}`).join('\n'));
    else if ('table' in b)
      out.push(
        [
          `| ${b.header.map(cellMd).join(' | ')} |`,
          `|${b.header.map(() => '---').join('|')}|`,
          ...b.table.map((r) => `| ${r.map(cellMd).join(' | ')} |`),
        ].join('\n'),
      );
    else out.push(['```', ...b.pre, '```'].join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

const CSS = `body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.45}
h1{font-size:1.45em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
thead th{background:#f4f4f4}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;font-size:.8em}`;

export function toHtml(title: string, blocks: readonly Block[]): string {
  const body = blocks.map((b) => {
    if ('h' in b) return `<h${b.h}>${esc(b.text)}</h${b.h}>`;
    if ('p' in b) return `<p>${esc(b.p)}</p>`;
    if ('list' in b) return `<ul>\n${b.list.map((x) => `<li>${esc(x)}</li>`).join('\n')}\n</ul>`;
    if ('table' in b)
      return `<table><thead><tr>${b.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${b.table
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('\n')}\n</tbody></table>`;
    return `<pre>${esc(b.pre.join('\n'))}</pre>`;
  });
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>\n<style>${CSS}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
