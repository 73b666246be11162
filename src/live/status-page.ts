/**
 * The live status page: one self-contained HTML document (no external assets) that polls
 * /status.json every second and shows, per scenario IP, its band, deferral rate, connections and
 * counts; the hidden trust column appears only after ticking a toggle labelled as hidden model
 * state (it then polls /status.json?hidden=1).
 */
export const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>warmup-sim live</title>
<style>
body { font: 15px system-ui, sans-serif; margin: 24px; color: #1d2330; background: #f6f7f9; }
h1 { font-size: 20px; margin: 0 0 4px; } .sub { color: #5b6475; margin-bottom: 16px; }
table { border-collapse: collapse; background: #fff; box-shadow: 0 1px 3px #0002; min-width: 900px; }
th, td { padding: 8px 12px; border-bottom: 1px solid #e3e6eb; text-align: right; white-space: nowrap; }
th { background: #eef1f5; font-weight: 600; } td:first-child, th:first-child, td:nth-child(2), th:nth-child(2) { text-align: left; }
.band { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; color: #fff; }
.healthy { background: #2e8b57; } .watch { background: #c9a100; } .throttle { background: #e07b00; } .pause { background: #c0392b; }
.bar { display: inline-block; height: 10px; background: #c0392b; vertical-align: middle; margin-left: 6px; border-radius: 2px; }
.hidden-col { display: none; background: #fbf3e4; } body.show-hidden .hidden-col { display: table-cell; }
label.toggle { display: inline-block; margin: 14px 0; padding: 6px 10px; background: #fff3d6; border: 1px solid #e7c56b; border-radius: 6px; }
.totals { margin-top: 14px; color: #5b6475; }
</style></head>
<body>
<h1>warmup-sim live</h1>
<div class="sub" id="clock">connecting...</div>
<table><thead><tr><th>scenario IP</th><th>client address</th><th>band</th><th>deferral rate</th><th>connections</th><th>refused</th>
<th>attempts</th><th>accepted</th><th>deferred</th><th>blocked</th><th class="hidden-col">hidden trust (model only)</th></tr></thead>
<tbody id="rows"></tbody></table>
<label class="toggle"><input type="checkbox" id="hidden"> show hidden model state (trust T_eff: no real sender can see this)</label>
<div class="totals" id="totals"></div>
<script>
const $ = (id) => document.getElementById(id);
const pct = (x) => (100 * x).toFixed(1) + ' %';
async function poll() {
  const hidden = $('hidden').checked;
  document.body.classList.toggle('show-hidden', hidden);
  try {
    const s = await (await fetch('status.json' + (hidden ? '?hidden=1' : ''))).json();
    $('clock').textContent = 'model time ' + s.modelTimeText + ' (x' + s.timeScale + '), ' + s.wallSeconds.toFixed(0) + ' s wall, ' + s.openConnections + ' open connections';
    const trust = (s.hiddenModelState && s.hiddenModelState.trustByProvider.microsoft) || {};
    $('rows').innerHTML = s.ips.map((x) => '<tr><td>' + x.ip + '</td><td>' + (x.clients.join(', ') || '-') + '</td><td><span class="band ' + x.band + '">' + x.band +
      '</span></td><td>' + pct(x.deferralRate) + '<span class="bar" style="width:' + Math.round(60 * x.deferralRate) + 'px"></span></td><td>' + x.connections +
      '</td><td>' + x.refusedConnections + '</td><td>' + x.attempts + '</td><td>' + x.accepted + '</td><td>' + x.deferred + '</td><td>' + x.blocked +
      '</td><td class="hidden-col">' + (trust[x.ip] === undefined ? '-' : trust[x.ip].toFixed(3)) + '</td></tr>').join('');
    const r = s.reactions;
    $('totals').textContent = 'reactions: ' + r.engagements + ' engagements, ' + r.complaints + ' complaints (' + r.complaintCopies + ' copies), ' + r.inactive + ' inactive';
  } catch (e) { $('clock').textContent = 'status unavailable: ' + e; }
}
if (location.hash === '#hidden') $('hidden').checked = true;
poll(); setInterval(poll, 1000);
</script></body></html>
`;
