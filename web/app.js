// dateline dashboard: plain JavaScript, no framework, no network but this
// server. Every view's state lives in the URL hash: #/view/arg?key=value.
"use strict";

const QCOL = { 1: "#2b8cbe", 2: "#1a9850", 3: "#fdae61", 4: "#d73027" };
const QNAME = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const FILTERS = ["since", "until", "quadclass", "cameo", "actor"];
const $ = (sel) => document.querySelector(sel);
const view = $("#view");
const panel = $("#panel");
let world = null;

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = "/api/v1/" + path + (qs.toString() ? "?" + qs : "");
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.code + ": " + body.error.message : r.statusText);
  return body;
}

async function getWorld() {
  if (!world) world = await (await fetch("/assets/world.json")).json();
  return world;
}

// ------------------------------------------------------------------ routing

function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = (path || "map").split("/");
  return { view: parts[0] || "map", arg: parts[1] ? decodeURIComponent(parts[1]) : null, params: Object.fromEntries(new URLSearchParams(query || "")) };
}

function go(viewName, arg, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  location.hash = "#/" + viewName + (arg != null ? "/" + encodeURIComponent(arg) : "") + (qs.toString() ? "?" + qs : "");
}

function filterParams(params) {
  const out = {};
  for (const k of FILTERS) if (params[k]) out[k] = params[k];
  return out;
}

function syncFilterInputs(params) {
  for (const k of FILTERS) $("#f-" + k).value = params[k] || "";
}

$("#f-apply").addEventListener("click", () => {
  const st = parseHash();
  const p = { ...st.params };
  for (const k of FILTERS) p[k] = $("#f-" + k).value.trim();
  go(["map", "timeline", "articles"].includes(st.view) ? st.view : "map", null, p);
});

$("#search").addEventListener("submit", (e) => {
  e.preventDefault();
  go("search", null, { q: $("#search-q").value.trim() });
});

async function route() {
  const st = parseHash();
  document.querySelectorAll("header nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === st.view));
  syncFilterInputs(st.params);
  panel.hidden = true;
  view.innerHTML = '<p class="status">Loading…</p>';
  try {
    switch (st.view) {
      case "map": await mapView(st.params); break;
      case "timeline": await timelineView(st.params); break;
      case "dyad": await dyadView(st.params); break;
      case "articles": await articlesView(st.params); break;
      case "article": await articleView(st.arg, st.params); break;
      case "event": await eventView(st.arg); break;
      case "search": await searchView(st.params); break;
      default: view.innerHTML = "<p>Unknown view.</p>";
    }
    document.body.dataset.ready = st.view;
  } catch (err) {
    view.innerHTML = '<p class="status">Error: ' + esc(err.message) + "</p>";
    document.body.dataset.ready = "error";
  }
}
window.addEventListener("hashchange", route);

function eventLine(e) {
  const who = (a) => esc(a.code || a.country || a.text || "?");
  return `<div class="event" data-event="${e.id}">
    <span class="badge" style="background:${QCOL[e.quadclass]}">Q${e.quadclass}</span>
    <a href="#/event/${e.id}">${who(e.source)} → ${who(e.target)}</a>
    <span class="code">${esc(e.cameo)}</span> ${esc(e.plover_type || "")}
    · ${esc(e.day || "undated")}${e.place ? " · " + esc(e.place.name) : ""}
    · ${e.n_mentions} mention${e.n_mentions === 1 ? "" : "s"}</div>`;
}

// ---------------------------------------------------------------------- map

const VIEW_W = 720, VIEW_H = 360;
const project = (lon, lat) => [2 * (lon + 180), 2 * (90 - lat)];

async function mapView(params) {
  const [w, data] = await Promise.all([getWorld(), api("events", { ...filterParams(params), limit: 1000, total: true })]);
  const vb = (params.vb || `0,0,${VIEW_W},${VIEW_H}`).split(",").map(Number);
  view.innerHTML = `<p class="status">${data.total}${data.total_exact ? "" : "+"} event(s) match; ${data.events.filter((e) => e.place).length} of the ${data.events.length} shown have a place. Drag to pan, wheel to zoom, click a dot for its events.</p>
    <svg class="map" id="map" viewBox="${vb.join(" ")}" preserveAspectRatio="xMidYMid meet">
      <g id="countries">${w.countries.map((c) => `<path class="country" data-iso3="${esc(c.iso3)}" d="${c.d}"><title>${esc(c.name)}</title></path>`).join("")}</g>
      <g id="points"></g></svg>`;
  const svg = $("#map");
  const draw = () => drawClusters(svg, data.events);
  draw();
  // Pan and zoom by changing the view box; the URL keeps it.
  let drag = null;
  const box = () => svg.viewBox.baseVal;
  const toView = (ev) => {
    const r = svg.getBoundingClientRect();
    const b = box();
    const s = Math.max(b.width / r.width, b.height / r.height);
    return [b.x + (ev.clientX - r.left - (r.width - b.width / s) / 2) * s, b.y + (ev.clientY - r.top - (r.height - b.height / s) / 2) * s, s];
  };
  const save = () => {
    const b = box();
    history.replaceState(null, "", "#/map?" + new URLSearchParams({ ...params, vb: [b.x, b.y, b.width, b.height].map((v) => v.toFixed(1)).join(",") }));
  };
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const [x, y] = toView(ev);
    const b = box();
    const k = ev.deltaY < 0 ? 0.8 : 1.25;
    const nw = Math.min(VIEW_W, Math.max(10, b.width * k)), nh = nw * VIEW_H / VIEW_W;
    svg.setAttribute("viewBox", [x - (x - b.x) * nw / b.width, y - (y - b.y) * nh / b.height, nw, nh].join(" "));
    draw(); save();
  }, { passive: false });
  svg.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, b: { ...box() } }; });
  window.onmouseup = () => { if (drag) { drag = null; save(); } };
  svg.addEventListener("mousemove", (ev) => {
    if (!drag) return;
    const [, , s] = toView(ev);
    const b = drag.b;
    svg.setAttribute("viewBox", [b.x - (ev.clientX - drag.x) * s, b.y - (ev.clientY - drag.y) * s, b.width, b.height].join(" "));
  });
}

// Grid clustering in view units: cells shrink as the map zooms in.
function drawClusters(svg, events) {
  const b = svg.viewBox.baseVal;
  const cell = b.width / 60;
  const cells = new Map();
  for (const e of events) {
    if (!e.place) continue;
    const [x, y] = project(e.place.lon, e.place.lat);
    const key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { x: 0, y: 0, events: [], q: [0, 0, 0, 0, 0], places: new Set() }));
    c.x += x; c.y += y; c.events.push(e); c.q[e.quadclass]++; c.places.add(e.place.name);
  }
  const g = svg.querySelector("#points");
  const unit = b.width / VIEW_W;
  g.innerHTML = [...cells.values()].map((c, i) => {
    const n = c.events.length;
    const q = [1, 2, 3, 4].reduce((best, k) => (c.q[k] > c.q[best] ? k : best), 1);
    const r = (2.2 + 1.6 * Math.sqrt(n)) * unit;
    return `<g data-cluster="${i}"><circle class="cluster" cx="${c.x / n}" cy="${c.y / n}" r="${r}" fill="${QCOL[q]}" data-n="${n}" data-places="${esc([...c.places].join("|"))}"><title>${esc([...c.places].join(", "))}: ${n} event(s)</title></circle>${n > 1 ? `<text class="count" x="${c.x / n}" y="${c.y / n + 1 * unit}" style="font-size:${3 * unit}px">${n}</text>` : ""}</g>`;
  }).join("");
  const list = [...cells.values()];
  g.querySelectorAll("g[data-cluster]").forEach((el) => el.addEventListener("click", (ev) => {
    ev.stopPropagation();
    const c = list[Number(el.dataset.cluster)];
    panel.hidden = false;
    panel.innerHTML = `<h3>${esc([...c.places].join(", "))}</h3>${c.events.map(eventLine).join("")}`;
  }));
}

// ----------------------------------------------------------------- timeline

function stackedChart(rows, labelKey) {
  // rows: [{label, quadclass: [4], mean}]
  const W = 1100, H = 260, pad = 30;
  const max = Math.max(1, ...rows.map((r) => r.quadclass.reduce((a, b) => a + b, 0)));
  const bw = Math.min(60, (W - 2 * pad) / Math.max(1, rows.length));
  let bars = "";
  rows.forEach((r, i) => {
    let y = H - pad;
    r.quadclass.forEach((n, k) => {
      const h = (n / max) * (H - 2 * pad);
      if (n > 0) bars += `<rect x="${pad + i * bw}" y="${y - h}" width="${Math.max(1, bw - 1)}" height="${h}" fill="${QCOL[k + 1]}"><title>${esc(r[labelKey])}: ${n} ${QNAME[k + 1]}</title></rect>`;
      y -= h;
    });
  });
  const gy = (g) => pad + ((10 - g) / 20) * (H - 2 * pad);
  const line = rows.map((r, i) => `${pad + i * bw + bw / 2},${gy(r.goldstein_mean)}`).join(" ");
  const first = rows[0] ? esc(rows[0][labelKey]) : "", last = rows.length ? esc(rows[rows.length - 1][labelKey]) : "";
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none">
    ${bars}<polyline points="${line}" fill="none" stroke="#333" stroke-width="1.5"/>
    <line x1="${pad}" x2="${W - pad}" y1="${gy(0)}" y2="${gy(0)}" stroke="#999" stroke-dasharray="3 3"/>
    <text x="2" y="${pad}">max ${max}</text><text x="${pad}" y="${H - 8}">${first}</text>
    <text x="${W - pad}" y="${H - 8}" text-anchor="end">${last}</text>
    <text x="${W - pad}" y="${gy(0) - 3}" text-anchor="end">Goldstein mean (line; dashed = 0)</text></svg>`;
}

async function timelineView(params) {
  const s = await api("stats", filterParams(params));
  const roots = s.by_root.slice(0, 12).map((r) => `<tr><td>${esc(r.root)} ${esc(r.name || "")}</td><td>${r.n}</td></tr>`).join("");
  const countries = s.by_place_country.slice(0, 12).map((r) => `<tr><td>${esc(r.country)}</td><td>${r.n}</td></tr>`).join("");
  view.innerHTML = `<h2>Events per day by QuadClass</h2><p class="status">${s.total_dated} dated event(s), ${s.by_day.length} day(s).</p>
    ${stackedChart(s.by_day, "day")}
    <div style="display:flex;gap:3em;margin-top:1em"><div><h3>By CAMEO root</h3><table>${roots}</table></div>
    <div><h3>By country of the place</h3><table>${countries}</table></div></div>`;
}

// --------------------------------------------------------------------- dyad

async function dyadView(params) {
  const w = await getWorld();
  const a = params.a || "RUS", b = params.b || "NER", by = params.by || "day";
  const opts = (sel) => w.countries.filter((c) => c.iso3).map((c) => `<option value="${esc(c.iso3)}"${c.iso3 === sel ? " selected" : ""}>${esc(c.name)} (${esc(c.iso3)})</option>`).join("");
  const [d, ev] = await Promise.all([api("dyads", { a, b, by, since: params.since, until: params.until }),
    api("events", { actor: a, other: b, since: params.since, until: params.until, limit: 200, total: true })]);
  view.innerHTML = `<h2>Dyad</h2>
    <p><select id="dy-a">${opts(a)}</select> and <select id="dy-b">${opts(b)}</select>
    by <select id="dy-by">${["day", "week", "month", "year"].map((x) => `<option${x === by ? " selected" : ""}>${x}</option>`).join("")}</select></p>
    <p class="status" id="dyad-summary">${d.total} event(s) between ${esc(a)} and ${esc(b)}.</p>
    ${stackedChart(d.buckets, "bucket")}
    <table id="dyad-table"><tr><th>${esc(by)}</th><th>events</th><th>${esc(a)}→${esc(b)}</th><th>${esc(b)}→${esc(a)}</th><th>Goldstein sum</th><th>mean</th><th>Q1</th><th>Q2</th><th>Q3</th><th>Q4</th></tr>
    ${d.buckets.map((r) => `<tr><td>${esc(r.bucket)}</td><td>${r.n}</td><td>${r.a_to_b}</td><td>${r.b_to_a}</td><td>${r.goldstein_sum}</td><td>${r.goldstein_mean}</td>${r.quadclass.map((n) => `<td>${n}</td>`).join("")}</tr>`).join("")}</table>
    <h3>Events (${ev.total})</h3><div id="dyad-events">${ev.events.map(eventLine).join("")}</div>`;
  const change = () => go("dyad", null, { ...filterParams(params), a: $("#dy-a").value, b: $("#dy-b").value, by: $("#dy-by").value });
  ["#dy-a", "#dy-b", "#dy-by"].forEach((s) => $(s).addEventListener("change", change));
}

// ----------------------------------------------------------------- articles

async function articlesView(params) {
  const offset = Number(params.offset || 0);
  const d = await api("articles", { q: params.q, since: params.since, until: params.until, limit: 50, offset });
  view.innerHTML = `<h2>Articles</h2>${articleList(d.articles)}
    ${offset > 0 ? `<a href="#/articles?${new URLSearchParams({ ...params, offset: Math.max(0, offset - 50) })}">← newer</a> ` : ""}
    ${d.next_offset ? `<a href="#/articles?${new URLSearchParams({ ...params, offset: d.next_offset })}">older →</a>` : ""}`;
}

function articleList(list) {
  return `<ul class="plain">${list.map((a) => `<li><a href="#/article/${a.id}">${esc(a.title || "(untitled)")}</a>
    <span class="status">${esc((a.published || "").slice(0, 10))} · ${esc(a.source || a.origin)}</span></li>`).join("")}</ul>`;
}

async function articleView(id, params) {
  const a = await api("articles/" + encodeURIComponent(id));
  const spans = [];
  a.entities.forEach((e) => spans.push({ r: e.range, cls: "hl-" + e.type, tip: e.type }));
  a.places.forEach((p) => spans.push({ r: p.range, cls: "hl-place", tip: `place: ${p.name} (${p.country || ""} ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)})` }));
  a.timexes.forEach((t) => spans.push({ r: t.range, cls: "hl-timex", tip: `time: ${t.value || "?"}` }));
  a.events.forEach((e, i) => spans.push({ r: e.trigger, cls: "hl-trigger", tip: `event ${e.cameo}`, ev: i }));
  const focus = params.ev != null ? a.events[Number(params.ev)]
    : params.at != null ? a.events.find((e) => e.trigger[0] === Number(params.at)) : null;
  if (focus) focus.evidence.forEach((r) => spans.push({ r, cls: "hl-focus", tip: "evidence" }));
  view.innerHTML = `<div class="article"><div>
      <h2>${esc(a.title || "(untitled)")}</h2>
      <p class="status">${esc(a.published || "")} · ${esc(a.source || "")} ${/^https?:\/\//i.test(a.url || "") ? `· <a href="${esc(a.url)}" rel="noreferrer">source</a>` : ""}</p>
      <p class="keys"><span class="hl-PER">person</span><span class="hl-ORG">organisation</span><span class="hl-place">place</span><span class="hl-MISC">other name</span><span class="hl-timex">time</span><span class="hl-trigger">event trigger</span></p>
      <div class="text" id="article-text">${highlight(a.text, spans)}</div></div>
    <div><h3>Events (${a.events.length})</h3>${a.events.map((e, i) => `<div class="event" data-ev="${i}">
      <span class="badge" style="background:${QCOL[e.quadclass]}">Q${e.quadclass}</span>
      <a href="#/article/${a.id}?ev=${i}">${esc(e.cameo)} ${esc(e.name || "")}</a>
      ${e.event_id ? `<a href="#/event/${e.event_id}">(all reports)</a>` : ""}
      <p class="explain">${esc(e.explanation)}</p></div>`).join("")}</div></div>`;
  if (focus) document.querySelector(".hl-focus")?.scrollIntoView({ block: "center" });
}

// Splits the text at every span boundary (UTF-16 offsets, as JS strings
// index) and wraps each piece in the classes of the spans covering it.
function highlight(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.r[0]); cuts.add(s.r[1]); }
  const bounds = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
  let out = "";
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const piece = esc(text.slice(from, to));
    const cover = spans.filter((s) => s.r[0] <= from && s.r[1] >= to && s.r[0] < s.r[1]);
    if (!cover.length) { out += piece; continue; }
    const cls = [...new Set(cover.map((s) => s.cls))].join(" ");
    const tip = [...new Set(cover.map((s) => s.tip))].join("; ");
    out += `<span class="${cls}" title="${esc(tip)}">${piece}</span>`;
  }
  return out;
}

// -------------------------------------------------------------------- event

async function eventView(id) {
  const d = await api("events/" + encodeURIComponent(id));
  const e = d.event;
  view.innerHTML = `<h2><span class="badge" style="background:${QCOL[e.quadclass]}">Q${e.quadclass}</span>
      ${esc(e.source.text || e.source.code || "?")} → ${esc(e.target.text || e.target.code || "?")}: ${esc(e.cameo)} ${esc(d.name || "")}</h2>
    <p>${esc(e.source.code || "")} → ${esc(e.target.code || "")} · Goldstein ${e.goldstein} · ${esc(QNAME[e.quadclass])}
      · PLOVER ${esc(e.plover_type || "—")}${e.plover_mode ? "/" + esc(e.plover_mode) : ""} · ${esc(e.modality)}
      · ${esc(e.day || "undated")}${e.place ? ` · ${esc(e.place.name)} (${e.place.lat.toFixed(2)}, ${e.place.lon.toFixed(2)})` : ""}
      · ${e.n_mentions} mention(s) in ${e.n_articles} article(s) from ${e.n_sources} source(s)</p>
    <h3>Evidence</h3>${d.mentions.map((m) => {
      const spans = m.evidence_in_sentence.map((r) => ({ r, cls: "evidence", tip: "evidence" }));
      return `<div class="mention"><div class="sentence">${markSentence(m.sentence_text, spans)}</div>
      <p class="status">${esc(m.article_title || "")} (${esc((m.published || "").slice(0, 10))}, ${esc(m.source || "")}) — rule ${esc(m.rule)}
      · <a href="#/article/${m.article_id}?at=${m.trigger ? m.trigger[0] : ""}">open the article</a></p></div>`;
    }).join("")}`;
}

function markSentence(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.r[0]); cuts.add(s.r[1]); }
  const bounds = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
  let out = "";
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = esc(text.slice(bounds[i], bounds[i + 1]));
    const on = spans.some((s) => s.r[0] <= bounds[i] && s.r[1] >= bounds[i + 1] && s.r[0] < s.r[1]);
    out += on ? `<mark class="evidence">${piece}</mark>` : piece;
  }
  return out;
}

// ------------------------------------------------------------------- search

async function searchView(params) {
  const q = params.q || "";
  $("#search-q").value = q;
  if (!q) { view.innerHTML = "<p>Type words to search.</p>"; return; }
  const [arts, evs] = await Promise.all([api("articles", { q, limit: 50 }), api("events", { q, limit: 100, total: true })]);
  view.innerHTML = `<h2>Search: ${esc(q)}</h2><h3>Articles (${arts.articles.length}${arts.next_offset ? "+" : ""})</h3>${articleList(arts.articles)}
    <h3>Events reported by matching articles (${evs.total})</h3>${evs.events.map(eventLine).join("")}`;
}

route();
