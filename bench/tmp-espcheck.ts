import { loadScenarioText } from '../src/scenario/load.ts';
import { runScenario } from '../src/run/run-scenario.ts';
import { readFileSync } from 'node:fs';
const file = process.argv[2]!; const seed = Number(process.argv[3] ?? 11); const window = process.argv[4] ?? 'biz';
let text = readFileSync(file, 'utf8');
if (window === '24h') text = text.replace('send_at: "08:00", spread: 12h', 'send_at: "00:00", spread: 24h');
const loaded = loadScenarioText(text, file);
for (const p of (process.argv[5]?.split(',') ?? loaded.scenario.policies.map((x) => x.name))) {
  const { run } = runScenario(loaded, { policy: p, seed });
  const m = run.metrics; const nP = m.providers, nI = m.ips;
  const rows: string[] = [];
  for (let ip = 0; ip < nI; ip++) {
    let worst = 0, worstDay = -1; const bands: string[] = [];
    let blocks = 0;
    for (let d = 0; d < m.days; d++) {
      let a = 0, df = 0;
      for (let h = d * 24; h < d * 24 + 24; h++) { a += m.attempts[(h * nP) * nI + ip]!; df += m.deferred[(h * nP) * nI + ip]!; }
      const r = a > 0 ? df / a : 0; if (r > worst) { worst = r; worstDay = d; }
      bands.push(a === 0 ? '.' : r <= 0.02 ? 'H' : r <= 0.05 ? 'W' : r <= 0.15 ? 'T' : 'P');
    }
    const yb: string[] = [];
    for (let p = 1; p < 3; p++) { let b = ''; for (let d = 0; d < m.days; d++) { let a = 0, df = 0, bn = 0; for (let h = d * 24; h < d * 24 + 24; h++) { a += m.attempts[(h * nP + p) * nI + ip]!; df += m.deferred[(h * nP + p) * nI + ip]!; bn += m.bounced[(h * nP + p) * nI + ip]!; } const r = a > 0 ? df / a : 0; b += a === 0 ? '.' : bn > a / 2 ? 'B' : r <= 0.02 ? 'H' : r <= 0.05 ? 'W' : r <= 0.15 ? 'T' : 'P'; } yb.push(b); }
    rows.push(`ip${ip} worst ${(worst * 100).toFixed(1)}% d${worstDay} ${bands.join('')}  gmail ${yb[0]} yahoo ${yb[1]}`);
  }
  console.log(p, 'blocks', JSON.stringify(run.metrics && Object.fromEntries(run.topo.providers.map((n, i) => [n, (() => { let b = 0; for (let h = 0; h < m.hours; h++) b += m.byClass[(h * nP + i) * m.classes + 4]!; return b; })()]))), '\n  ' + rows.join('\n  '));
}
// per provider per ip block-class replies (all hours)
