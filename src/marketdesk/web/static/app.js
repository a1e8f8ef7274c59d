/* marketdesk pages: draw the charts from the JSON API with the packaged Plotly (cartesian partial
   bundle). Axis titles are Plotly title objects ({text: ...}) and always name their unit; x axes
   are sessions (category axes: no weekend or holiday gaps). No globals leak but window.marketdesk
   (for tests and debugging). */
(function () {
  "use strict";
  const cfgEl = document.getElementById("page-config");
  if (!cfgEl) return;
  const cfg = JSON.parse(cfgEl.textContent);
  const enc = encodeURIComponent;
  const small = () => window.matchMedia("(max-width: 480px)").matches;
  // the toolbar covers the latest data on a phone: hidden there, shown on hover elsewhere
  const plotCfg = () => ({ responsive: true, displaylogo: false, displayModeBar: small() ? false : "hover" });
  const axis = (text, extra) => Object.assign({ title: { text: text }, automargin: true }, extra || {});
  // session axis: one category per session, a handful of date ticks
  const sessions = (text, extra) => axis(text, Object.assign({ type: "category", nticks: small() ? 3 : 8,
    tickangle: 0, showgrid: false, ticks: "outside", ticklen: 6 }, extra || {}));
  const layout = (extra) => Object.assign({
    margin: { l: 60, r: 20, t: 10, b: 50 }, hovermode: "x unified",
    legend: { orientation: "h", y: -0.25 }, font: { size: small() ? 11 : 13 },
  }, extra || {});
  const UNITS = { yield: "Yield (%)", etf: "Close (US$)", future: "Price (index points)" };
  const priceTitle = () => UNITS[cfg.kind] || "Close (index points)";
  const state = { bars: null, range: "1Y", loadedFrom: null, log: false };
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
  const signed = (v, d) => (v > 0 ? "+" : v < 0 ? "\u2212" : "") + Math.abs(v).toFixed(d);

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
  // only the range a chart needs: 1M/YTD/1Y share one request, 5Y and max fetch more on demand
  async function ensureBars(start) {
    const want = start < rangeStart("1Y", cfg.as_of) ? start : rangeStart("1Y", cfg.as_of);
    if (state.bars && state.loadedFrom <= want) return;
    const from = want === "0000-01-01" ? "" : "&from=" + want;
    state.bars = await getJSON("/api/bars/" + enc(cfg.symbol) + "?to=" + cfg.as_of + from);
    state.loadedFrom = want;
  }
  // record close / record intraday high as level lines labelled at the left edge: the high's
  // label above its line, the close's below its own (the high is never below the record close,
  // so the two never overlap); -10 % / -20 % lines from the record when the close is near them
  // (markers: a ring for the close, a small solid triangle for the high: both show on one date)
  const LEVEL_STYLE = { "Record close": { color: "#b45309", pos: "bottom right", marker: "circle-open", size: 14 },
                        "Record intraday high": { color: "#7c3aed", pos: "top right", marker: "triangle-up", size: 8 } };
  const grouped = v => v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // a level as the page's unit says it: a yield in percent, an ETF in US$, an index in points
  // (the axis title names the points); the hover text says the same with a d3 format
  const shown = v => cfg.kind === "yield" ? v.toFixed(2) + "%" : (cfg.kind === "etf" ? "$" : "") + grouped(v);
  const HOVER = { yield: "%{y:.2f}%", etf: "$%{y:,.2f}" };
  const hoverLevel = () => "%{x}: " + (HOVER[cfg.kind] || "%{y:,.2f} points") + "<extra></extra>";
  function drawPrice() {
    const b = state.bars, start = rangeStart(state.range, cfg.as_of);
    let i = 0;
    while (i < b.dates.length && b.dates[i] < start) i++;
    const x = b.dates.slice(i), y = b.close.slice(i);
    const what = cfg.kind === "yield" ? "Yield" : "Close";
    const traces = [{ x: x, y: y, type: "scatter", mode: "lines", name: what,
                      hovertemplate: hoverLevel(), line: { color: "#0a58ca", width: 1.6 } }];
    const drawn = y.filter(v => v !== null);
    const lo = Math.min.apply(null, drawn), hi = Math.max.apply(null, drawn);
    // a level far outside the drawn closes would flatten them: left out, and said in the status
    const inView = v => v <= hi * 1.25 && v >= lo / 1.25;
    const seen = new Set(x), left = [];
    const level = (label, value, color, pos, dash) => {
      if (!x.length) return;
      if (!inView(value)) { left.push(label); return; }
      traces.push({ x: [x[0], x[x.length - 1]], y: [value, value], type: "scatter",
        mode: "lines+text", text: [small() ? label.replace(/ \(\d{4}-\d\d-\d\d\)$/, "") : label, ""], textposition: pos, textfont: { color: color, size: small() ? 10 : 12 },
        name: label, showlegend: false, hoverinfo: "skip", cliponaxis: false,
        line: { color: color, width: 1, dash: dash } });
    };
    (cfg.records || []).forEach(function (m) {
      const st = LEVEL_STYLE[m.name] || { color: "#57606a", pos: "top right", marker: "circle", size: 10 };
      level(m.label, m.value, st.color, st.pos, "dot");
      if (seen.has(m.date)) traces.push({ x: [m.date], y: [m.value], type: "scatter", mode: "markers",
        name: m.name + " on " + m.date, showlegend: false, hovertemplate: m.label + "<extra></extra>",
        marker: { size: st.size, symbol: st.marker, color: st.color, line: { width: 2, color: st.color } } });
    });
    (cfg.levels || []).forEach(m => level(m.label, m.value, "#a40e26", "top right", "dash"));
    // the last close, labelled right of its point in the right margin (a text trace: right on a
    // log axis too), clear of the record labels, which start at the left edge; on a phone the
    // record labels leave out their dates (in the hover and the fact sheet)
    if (x.length) {
      const v = y[y.length - 1];
      traces.push({ x: [x[x.length - 1]], y: [v], type: "scatter", mode: "text", text: [shown(v)],
        textposition: "middle right", textfont: { color: "#0a58ca" }, name: "Last " + what.toLowerCase() + " " + shown(v),
        showlegend: false, hoverinfo: "skip", cliponaxis: false });
    }
    Plotly.react("price-chart", traces, layout({ xaxis: sessions("Session (date)"),
      margin: { l: 60, r: small() ? 64 : 80, t: 10, b: 50 },
      yaxis: axis(priceTitle() + (state.log ? ", log scale" : ""), Object.assign({ type: state.log ? "log" : "linear" },
        cfg.kind === "yield" ? { ticksuffix: "%", tickformat: ".2f" } : {})),
      showlegend: false }), plotCfg());
    document.getElementById("price-status").textContent =
      state.range + ": " + x.length + " sessions from " + (x[0] || "-") + " to " + (x[x.length - 1] || "-") +
      (left.length ? "; outside this range: " + left.join("; ") : "");
    state.points = x.length;
    document.querySelectorAll("button.range").forEach(function (btn) {
      btn.setAttribute("aria-pressed", btn.dataset.range === state.range ? "true" : "false");
    });
    const logBtn = document.getElementById("log-scale");
    if (logBtn) logBtn.setAttribute("aria-pressed", state.log ? "true" : "false");
  }
  async function showRange(range) {
    state.range = range;
    state.drawn = false;
    try { await ensureBars(rangeStart(range, cfg.as_of)); drawPrice(); } catch (e) { fail("price-status", e); }
    state.drawn = true;
  }
  async function instrument() {
    const s = enc(cfg.symbol);
    document.querySelectorAll("button.range").forEach(function (btn) {
      btn.addEventListener("click", function () { showRange(btn.dataset.range); });
    });
    const logBtn = document.getElementById("log-scale");
    if (logBtn) logBtn.addEventListener("click", function () { state.log = !state.log; showRange(state.range); });
    await showRange(state.range);
    if (cfg.kind === "yield") { state.ready = true; return; }
    try {
      const m = await getJSON("/api/monthly/" + s + "?date=" + cfg.as_of);
      // one decimal, signed, and never "-0.0"
      const text = m.grid.map(row => row.map(v => v === null ? "" : signed(Math.abs(v) < 0.05 ? 0 : v, 1)));
      Plotly.newPlot("heatmap", [{ type: "heatmap", x: m.months, y: m.years.map(String), z: m.grid,
        text: text, texttemplate: small() ? "" : "%{text}", hovertemplate: "%{y} %{x}: %{z:+.2f}%<extra></extra>",
        colorscale: [[0, "#b2182b"], [0.5, "#f7f7f7"], [1, "#2166ac"]], zmid: 0, xgap: 1, ygap: 1,
        colorbar: { title: { text: "Return (%)", side: "right" }, thickness: small() ? 10 : 20 } }],
        layout({ xaxis: axis("Month (Jan to Dec)", { type: "category", side: "top",
                                 tickangle: small() ? -90 : 0 }),   // whole names fit a phone upright
                 yaxis: axis("Year (calendar)", { autorange: "reversed", type: "category" }),
                 margin: { l: 60, r: 10, t: 50, b: 10 } }), plotCfg());
    } catch (e) { fail("heatmap", e); }
    try {
      const sz = await getJSON("/api/seasonality/" + s + "?date=" + cfg.as_of);
      const ms = sz.months;
      Plotly.newPlot("seasonality", [{ type: "bar", x: ms.map(r => r.name), y: ms.map(r => r.average),
        text: ms.map(r => r.pct_up.toFixed(0) + "% up"), textposition: small() ? "none" : "outside",
        hovertemplate: "%{x}: average %{y:+.2f}%, %{text} (n=%{customdata})<extra></extra>",
        customdata: ms.map(r => r.n), marker: { color: ms.map(r => r.average >= 0 ? "#2166ac" : "#b2182b") },
        name: "Average return" }], layout({ xaxis: axis("Month (Jan to Dec)", { type: "category" }),
        yaxis: axis("Average monthly return (%)") }), plotCfg());
    } catch (e) { fail("seasonality", e); }
    try {
      const dd = await getJSON("/api/drawdown/" + s + "?date=" + cfg.as_of);
      Plotly.newPlot("drawdown", [{ type: "scatter", mode: "lines", fill: "tozeroy", x: dd.dates,
        y: dd.drawdown_pct, name: "Drawdown", line: { color: "#a40e26", width: 1 },
        hovertemplate: "%{x}: %{y:.2f}% from the record close<extra></extra>" }],
        layout({ xaxis: sessions("Session (date)"), yaxis: axis("Below record close (%)") }), plotCfg());
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
    const rebasedHover = "%{y:.1f} (100 = " + c.dates[0] + ")";
    Plotly.newPlot("rebased", [
      { x: c.dates, y: c.a_rebased, type: "scatter", mode: "lines", name: c.a, hovertemplate: rebasedHover },
      { x: c.dates, y: c.b_rebased, type: "scatter", mode: "lines", name: c.b, hovertemplate: rebasedHover }],
      layout({ xaxis: sessions("Session (date)"),
               yaxis: axis("Rebased (100 = " + c.dates[0] + ")") }), plotCfg());
    Plotly.newPlot("spread", [{ x: c.dates, y: c.spread_pp, type: "scatter", mode: "lines",
      fill: "tozeroy", name: c.a + " minus " + c.b + " (pp)", hovertemplate: "%{y:+.2f} pp" }],
      layout({ xaxis: sessions("Session (date)"), yaxis: axis("Spread (percentage points)") }), plotCfg());
    if (c.spread) {
      const s = c.spread, v = s.value;
      document.getElementById("spread-summary").textContent = c.a + " " +
        signed(s.context.return_pct, 2) + "% vs " + c.b + " " + signed(s.context.versus_return_pct, 2) +
        "% from " + s.period.start + " to " + s.period.end + ": spread " + signed(v, 2) + " pp";
    }
    if (c.yield) {
      const y = c.yield;
      Plotly.newPlot("yield-chart", [
        { x: y.dates, y: y.yield_pct, type: "scatter", mode: "lines", name: y.symbol + " (%)",
          hovertemplate: "%{y:.2f}%" },
        { x: y.dates, y: y.correlation, type: "scatter", mode: "lines", yaxis: "y2", hovertemplate: "%{y:+.2f}",
          name: small() ? "Correlation, " + y.window + " sessions (\u22121 to +1)" :
            y.window + "-session correlation of " + c.a + " returns with " + y.symbol + " changes (\u22121 to +1)" }],
        layout({ xaxis: sessions("Session (date)"), yaxis: axis(y.symbol + " yield (%)"),
                 yaxis2: axis("Correlation (\u22121 to +1)", { overlaying: "y", side: "right",
                                                          range: [-1.05, 1.05], zeroline: false,
                                                          tickvals: [-1, -0.5, 0, 0.5, 1] }),
                 margin: { l: 60, r: 70, t: 10, b: 50 } }), plotCfg());
    }
    state.ready = true;
  }

  // ---- wrap page: the writer's charts (its closes, record and threshold levels, titles and
  // units: wrap.charts) drawn in this page's style --------------------------------------------
  const SERIES_COLORS = ["#0a58ca", "#e8590c"];
  const LINE_STYLES = [{ color: "#b45309", dash: "dot" }, { color: "#a40e26", dash: "dash" }];
  function wrapChart(c) {
    const fmtV = v => v.toLocaleString("en-US", { minimumFractionDigits: c.digits,
                                                  maximumFractionDigits: c.digits }) + c.suffix;
    const hover = "%{x}: %{y:,." + c.digits + "f}" + c.suffix;
    const xs = Array.from(new Set([].concat.apply([], c.series.map(s => s.dates)))).sort();
    const traces = [];
    c.series.forEach(function (s, i) {
      const color = SERIES_COLORS[i % SERIES_COLORS.length], n = s.dates.length;
      traces.push({ x: s.dates, y: s.values, type: "scatter", mode: "lines", name: s.name,
                    hovertemplate: hover, line: { color: color, width: 1.6 } });
      if (n) traces.push({ x: [s.dates[n - 1]], y: [s.values[n - 1]], type: "scatter", mode: "text",
        text: [fmtV(s.values[n - 1])], textposition: "middle right", textfont: { color: color },
        name: "Last " + s.name + " " + fmtV(s.values[n - 1]), showlegend: false, hoverinfo: "skip",
        cliponaxis: false });
    });
    c.lines.forEach(function (l, i) {
      const st = LINE_STYLES[Math.min(i, 1)];
      const label = l.label.charAt(0).toUpperCase() + l.label.slice(1) + " " + fmtV(l.value);
      traces.push({ x: [xs[0], xs[xs.length - 1]], y: [l.value, l.value], type: "scatter",
        mode: "lines+text", text: [label, ""], textposition: i % 2 ? "bottom right" : "top right",
        textfont: { color: st.color, size: small() ? 10 : 12 }, name: label, showlegend: false,
        hoverinfo: "skip", cliponaxis: false, line: { color: st.color, width: 1, dash: st.dash } });
    });
    Plotly.newPlot("wrap-" + c.name, traces, layout({
      xaxis: sessions("Session (date)", { categoryorder: "array", categoryarray: xs }),
      yaxis: axis(c.ylabel, { tickformat: ",." + c.digits + "f", ticksuffix: c.suffix }),
      showlegend: c.series.length > 1,
      margin: { l: 60, r: small() ? 64 : 80, t: 10, b: 50 } }), plotCfg());
  }
  async function wrap() {
    (cfg.charts || []).forEach(function (c) {
      try { wrapChart(c); } catch (e) { fail("wrap-" + c.name, e); }
    });
    state.ready = true;
  }

  const run = cfg.page === "instrument" ? instrument : cfg.page === "compare" ? compare :
    cfg.page === "wrap" ? wrap : null;
  if (run) {
    if (window.Plotly) run(); else window.addEventListener("load", run);
  }
})();
