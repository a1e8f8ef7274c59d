/* marketdesk pages: draw the charts from the JSON API with the packaged Plotly. No globals leak
   but window.marketdesk (for tests and debugging). */
(function () {
  "use strict";
  const cfgEl = document.getElementById("page-config");
  if (!cfgEl) return;
  const cfg = JSON.parse(cfgEl.textContent);
  const enc = encodeURIComponent;
  const plotCfg = { responsive: true, displaylogo: false };
  const small = () => window.matchMedia("(max-width: 480px)").matches;
  const layout = (extra) => Object.assign({
    margin: { l: 50, r: 20, t: 10, b: 40 }, hovermode: "x unified",
    legend: { orientation: "h", y: -0.2 }, font: { size: small() ? 11 : 13 },
  }, extra || {});
  const state = { bars: null, range: "1Y" };
  window.marketdesk = state;

  async function getJSON(url) {
    const r = await fetch(url, { headers: { accept: "application/json" } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
    return body;
  }
  function fail(id, err) {
    const el = document.getElementById(id);
    if (el) el.textContent = "Could not draw this chart: " + err.message;
  }

  // ---- instrument page -------------------------------------------------------------------
  function rangeStart(range, asOf) {
    const d = new Date(asOf + "T00:00:00Z");
    if (range === "1M") d.setUTCMonth(d.getUTCMonth() - 1);
    else if (range === "YTD") return asOf.slice(0, 4) + "-01-01";
    else if (range === "1Y") d.setUTCFullYear(d.getUTCFullYear() - 1);
    else if (range === "5Y") d.setUTCFullYear(d.getUTCFullYear() - 5);
    else return "0000-01-01";
    return d.toISOString().slice(0, 10);
  }
  function drawPrice() {
    const b = state.bars, start = rangeStart(state.range, cfg.as_of);
    let i = 0;
    while (i < b.dates.length && b.dates[i] < start) i++;
    const x = b.dates.slice(i), y = b.close.slice(i);
    const traces = [{ x: x, y: y, type: "scatter", mode: "lines", name: "Close",
                      line: { color: "#0a58ca", width: 1.6 } }];
    const symbols = { "Record close": "star", "Record intraday high": "triangle-up" };
    (cfg.records || []).forEach(function (m) {
      if (m.date >= start) traces.push({ x: [m.date], y: [m.value], type: "scatter",
        mode: "markers", name: m.name + " " + m.value.toFixed(2) + " (" + m.date + ")",
        marker: { size: 12, symbol: symbols[m.name] || "circle",
                  color: m.name === "Record close" ? "#b45309" : "#7c3aed" } });
    });
    Plotly.react("price-chart", traces, layout({ yaxis: { title: cfg.kind === "yield" ? "%" : "" } }), plotCfg);
    document.getElementById("price-status").textContent =
      state.range + ": " + x.length + " sessions from " + (x[0] || "-") + " to " + (x[x.length - 1] || "-");
    state.points = x.length;
    document.querySelectorAll("button.range").forEach(function (btn) {
      btn.setAttribute("aria-pressed", btn.dataset.range === state.range ? "true" : "false");
    });
  }
  async function instrument() {
    const s = enc(cfg.symbol);
    document.querySelectorAll("button.range").forEach(function (btn) {
      btn.addEventListener("click", function () { state.range = btn.dataset.range; if (state.bars) drawPrice(); });
    });
    try {
      state.bars = await getJSON("/api/bars/" + s + "?to=" + cfg.as_of);
      drawPrice();
    } catch (e) { fail("price-status", e); }
    if (cfg.kind === "yield") { state.ready = true; return; }
    try {
      const m = await getJSON("/api/monthly/" + s + "?date=" + cfg.as_of);
      const text = m.grid.map(row => row.map(v => v === null ? "" : v.toFixed(1)));
      Plotly.newPlot("heatmap", [{ type: "heatmap", x: m.months, y: m.years.map(String), z: m.grid,
        text: text, texttemplate: small() ? "" : "%{text}", hovertemplate: "%{y} %{x}: %{z:.2f}%<extra></extra>",
        colorscale: [[0, "#b2182b"], [0.5, "#f7f7f7"], [1, "#2166ac"]], zmid: 0,
        colorbar: { title: "%" } }],
        layout({ yaxis: { autorange: "reversed", type: "category" }, margin: { l: 45, r: 10, t: 10, b: 30 } }), plotCfg);
    } catch (e) { fail("heatmap", e); }
    try {
      const sz = await getJSON("/api/seasonality/" + s + "?date=" + cfg.as_of);
      const ms = sz.months;
      Plotly.newPlot("seasonality", [{ type: "bar", x: ms.map(r => r.name), y: ms.map(r => r.average),
        text: ms.map(r => r.pct_up.toFixed(0) + "% up"), textposition: "outside",
        hovertemplate: "%{x}: average %{y:.2f}%, %{text} (n=%{customdata})<extra></extra>",
        customdata: ms.map(r => r.n), marker: { color: ms.map(r => r.average >= 0 ? "#2166ac" : "#b2182b") },
        name: "Average return" }], layout({ yaxis: { title: "average %" } }), plotCfg);
    } catch (e) { fail("seasonality", e); }
    try {
      const dd = await getJSON("/api/drawdown/" + s + "?date=" + cfg.as_of);
      Plotly.newPlot("drawdown", [{ type: "scatter", mode: "lines", fill: "tozeroy", x: dd.dates,
        y: dd.drawdown_pct, name: "Drawdown", line: { color: "#a40e26", width: 1 } }],
        layout({ yaxis: { title: "%" } }), plotCfg);
    } catch (e) { fail("drawdown", e); }
    state.ready = true;
  }

  // ---- compare page ----------------------------------------------------------------------
  async function compare() {
    const q = "a=" + enc(cfg.a) + "&b=" + enc(cfg.b) + "&from=" + cfg.from +
      (cfg.to ? "&to=" + cfg.to : "") + (cfg.y ? "&y=" + enc(cfg.y) : "");
    let c;
    try { c = await getJSON("/api/compare?" + q); } catch (e) { fail("spread-summary", e); state.ready = true; return; }
    state.compare = c;
    Plotly.newPlot("rebased", [
      { x: c.dates, y: c.a_rebased, type: "scatter", mode: "lines", name: c.a },
      { x: c.dates, y: c.b_rebased, type: "scatter", mode: "lines", name: c.b }],
      layout({ yaxis: { title: "rebased, 100 = " + c.dates[0] } }), plotCfg);
    Plotly.newPlot("spread", [{ x: c.dates, y: c.spread_pp, type: "scatter", mode: "lines",
      fill: "tozeroy", name: c.a + " minus " + c.b + " (pp)" }], layout({ yaxis: { title: "pp" } }), plotCfg);
    if (c.spread) {
      const s = c.spread, v = s.value;
      document.getElementById("spread-summary").textContent = c.a + " " +
        (s.context.return_pct >= 0 ? "+" : "") + s.context.return_pct.toFixed(2) + "% vs " + c.b + " " +
        (s.context.versus_return_pct >= 0 ? "+" : "") + s.context.versus_return_pct.toFixed(2) + "% from " +
        s.period.start + " to " + s.period.end + ": spread " + (v >= 0 ? "+" : "") + v.toFixed(2) + " pp";
    }
    if (c.yield) {
      const y = c.yield;
      Plotly.newPlot("yield-chart", [
        { x: y.dates, y: y.yield_pct, type: "scatter", mode: "lines", name: y.symbol + " (%)" },
        { x: y.dates, y: y.correlation, type: "scatter", mode: "lines", yaxis: "y2",
          name: y.window + "-session correlation of " + c.a + " returns with " + y.symbol + " changes" }],
        layout({ yaxis: { title: y.symbol + " %" },
                 yaxis2: { title: "correlation", overlaying: "y", side: "right", range: [-1, 1] } }), plotCfg);
    }
    state.ready = true;
  }

  const run = cfg.page === "instrument" ? instrument : cfg.page === "compare" ? compare : null;
  if (run) {
    if (window.Plotly) run(); else window.addEventListener("load", run);
  }
})();
