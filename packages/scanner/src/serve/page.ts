// The status page: one HTML document and one script, no build step and nothing fetched from elsewhere.
// The table follows the server's event stream (/events, server-sent events); the browser never polls.
// Every value goes into the page through textContent, so a service name or a log line cannot become markup.

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dt: services</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.2em; margin: 0 0 .3em; }
#meta { color: #666; margin-bottom: 1em; }
table { border-collapse: collapse; }
th, td { padding: .25em .7em; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.log td.name { padding-left: 2em; color: #555; }
tr.up td.state { color: #11772a; font-weight: 600; }
tr.down td.state, tr.error td.state, tr.not-running td.state { color: #b3261e; font-weight: 600; }
tr.failing td.failing { color: #fff; background: #b3261e; }
td.name { cursor: pointer; text-decoration: underline dotted; }
#log { margin-top: 1.5em; }
#log pre { background: #111; color: #ddd; padding: .8em; max-height: 24em; overflow: auto; font-size: 12px; }
#conn.lost { color: #b3261e; }
</style>
</head>
<body>
<h1>dt: <span id="dir"></span></h1>
<div id="meta"><span id="count"></span> services · updated <span id="updated">never</span> · <span id="conn">connecting</span></div>
<table id="services">
<thead><tr><th>service</th><th>state</th><th>pid</th><th>uptime</th><th>restarts</th><th>ready</th><th>last exit</th><th>failing</th><th>timeline (10 min)</th></tr></thead>
<tbody></tbody>
</table>
<div id="log" hidden><h2 id="log-title"></h2><pre id="log-lines"></pre></div>
<script src="/page.js"></script>
</body>
</html>
`;

export const PAGE_SCRIPT = `'use strict';
const SVG = 'http://www.w3.org/2000/svg';
const WINDOW_MS = 10 * 60 * 1000;
const body = document.querySelector('#services tbody');
let tree = { services: [] };
let skew = 0; // server clock minus ours, so uptimes do not depend on this machine's clock

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function duration(ms) {
  let s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + (d || h || m ? m + 'm ' : '') + s + 's';
}
function lastExit(x) {
  if (!x) return '';
  return x.signal ? x.signal : 'code ' + x.code;
}
function timeline(events, now) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '160'); svg.setAttribute('height', '12');
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('x1', '0'); axis.setAttribute('x2', '160'); axis.setAttribute('y1', '6'); axis.setAttribute('y2', '6');
  axis.setAttribute('stroke', '#ccc'); svg.appendChild(axis);
  for (const ev of events) {
    const age = now - ev.at;
    if (age > WINDOW_MS || age < -1000) continue;
    const c = document.createElementNS(SVG, 'circle');
    c.setAttribute('cx', String(160 - (160 * Math.max(0, age)) / WINDOW_MS));
    c.setAttribute('cy', '6'); c.setAttribute('r', '3');
    c.setAttribute('fill', ev.kind === 'start' ? '#11772a' : '#b3261e');
    const t = document.createElementNS(SVG, 'title');
    t.textContent = ev.kind + ' ' + new Date(ev.at).toLocaleString();
    c.appendChild(t); svg.appendChild(c);
  }
  return svg;
}
function render() {
  const now = Date.now() + skew;
  const rows = [];
  for (const s of tree.services) {
    const tr = el('tr', [s.state, s.log ? 'log' : '', s.failing ? 'failing' : ''].join(' ').trim());
    tr.dataset.service = s.key;
    const name = el('td', 'name', s.log ? s.name + '/log' : s.name);
    name.addEventListener('click', () => showLog(s.name));
    tr.append(name, el('td', 'state', s.state), el('td', 'num pid', s.pid ? String(s.pid) : ''));
    tr.append(el('td', 'num uptime', s.since ? (s.state === 'up' ? '' : 'down ') + duration(now - Date.parse(s.since)) : ''));
    tr.append(el('td', 'num restarts', s.restarts === null ? '' : String(s.restarts)));
    tr.append(el('td', 'ready', s.state === 'up' ? (s.ready ? 'yes' : 'no') : ''));
    tr.append(el('td', 'exit', lastExit(s.lastExit)), el('td', 'failing', s.failing ? 'crash loop' : ''));
    const tl = el('td', 'timeline'); tl.appendChild(timeline(s.events, now)); tr.appendChild(tl);
    rows.push(tr);
  }
  body.replaceChildren(...rows);
  document.getElementById('dir').textContent = tree.dir || '';
  document.getElementById('count').textContent = String(tree.services.filter((s) => !s.log).length);
}
async function showLog(name) {
  const box = document.getElementById('log');
  document.getElementById('log-title').textContent = name + ': last lines (local time)';
  const pre = document.getElementById('log-lines');
  pre.textContent = 'loading';
  box.hidden = false;
  try {
    const r = await fetch('/logs/' + encodeURIComponent(name) + '?lines=100');
    if (!r.ok) { pre.textContent = r.status === 404 ? 'no log directory' : 'error ' + r.status; return; }
    const lines = await r.json();
    pre.textContent = lines.map((l) => (l.at === null ? '' : new Date(l.at).toLocaleString() + ' ') + l.text).join('\\n');
    pre.scrollTop = pre.scrollHeight;
  } catch (e) {
    pre.textContent = String(e);
  }
}
const conn = document.getElementById('conn');
const source = new EventSource('/events');
source.addEventListener('tree', (e) => {
  tree = JSON.parse(e.data);
  skew = tree.at - Date.now();
  document.getElementById('updated').textContent = new Date(tree.at).toLocaleTimeString();
  render();
});
source.addEventListener('open', () => { conn.textContent = 'live'; conn.className = ''; });
source.addEventListener('error', () => { conn.textContent = 'reconnecting'; conn.className = 'lost'; });
setInterval(render, 1000); // uptimes and the timeline move on between events; nothing is fetched
`;
