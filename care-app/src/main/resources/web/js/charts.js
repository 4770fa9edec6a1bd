// Temperature charts drawn with uPlot (WebJar org.webjars.npm:uplot, unpacked under vendor/ by the build).

import uPlot from '../vendor/uplot/uPlot.esm.js';

const LIVE_WINDOW_SECONDS = 30 * 60;

function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** A dashed horizontal line at the patient's fever threshold. */
function thresholdLine(threshold) {
  return (u) => {
    if (threshold == null) return;
    const y = u.valToPos(threshold, 'y', true);
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = css('--warn');
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.lineWidth = devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
  };
}

function baseOptions(container, threshold, series) {
  return {
    width: container.clientWidth || 320,
    height: 200,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      y: { range: (u, min, max) => [Math.min(min ?? 36, 35.5) - 0.2, Math.max(max ?? 37, (threshold ?? 38) + 0.5) + 0.2] },
    },
    axes: [
      { stroke: css('--text-2'), grid: { stroke: css('--grid') }, ticks: { stroke: css('--grid') } },
      {
        stroke: css('--text-2'),
        grid: { stroke: css('--grid') },
        ticks: { stroke: css('--grid') },
        values: (u, ticks) => ticks.map((t) => `${t.toFixed(1)}°`),
        size: 54,
      },
    ],
    series: [{}, ...series],
    hooks: { draw: [thresholdLine(threshold)] },
  };
}

/** Keeps a chart as wide as its container. */
function followWidth(chart, container) {
  const observer = new ResizeObserver(() => chart.setSize({ width: container.clientWidth, height: 200 }));
  observer.observe(container);
  return () => observer.disconnect();
}

const seconds = (time) => Date.parse(time) / 1000;

/** The last 30 minutes, a point appended per live reading. */
export function liveChart(container, threshold, initialPoints) {
  const xs = [];
  const ys = [];
  for (const p of initialPoints) {
    xs.push(seconds(p.time));
    ys.push(p.coreCelsius);
  }
  const options = baseOptions(container, threshold, [
    { label: 'Core estimate °C', stroke: css('--accent'), width: 2, points: { show: true, size: 4 } },
  ]);
  const chart = new uPlot(options, [xs, ys], container);
  container.dataset.points = xs.length;
  const unfollow = followWidth(chart, container);
  return {
    add(reading) {
      const x = seconds(reading.time);
      if (xs.length && x <= xs[xs.length - 1]) return;
      xs.push(x);
      ys.push(reading.coreCelsius);
      while (xs.length && xs[0] < x - LIVE_WINDOW_SECONDS) {
        xs.shift();
        ys.shift();
      }
      chart.setData([xs, ys]);
      container.dataset.points = xs.length;
      container.dataset.last = reading.coreCelsius;
    },
    /** Readings that arrived late: inserted in time order within the window, each time once. */
    merge(readings) {
      const newest = xs.length ? xs[xs.length - 1] : -Infinity;
      let changed = false;
      for (const reading of readings) {
        const x = seconds(reading.time);
        if (x < newest - LIVE_WINDOW_SECONDS || x > newest) continue;
        const at = xs.findIndex((v) => v >= x);
        if (at >= 0 && xs[at] === x) continue;
        const i = at < 0 ? xs.length : at;
        xs.splice(i, 0, x);
        ys.splice(i, 0, reading.coreCelsius);
        changed = true;
      }
      if (changed) {
        chart.setData([xs, ys]);
        container.dataset.points = xs.length;
      }
    },
    get points() {
      return xs.length;
    },
    destroy() {
      unfollow();
      chart.destroy();
    },
  };
}

/** A history response ({resolution, points}) with the minute roll-up's min..max as a band. */
export function historyChart(container, threshold, history) {
  const xs = history.points.map((p) => seconds(p.time));
  const core = history.points.map((p) => p.coreCelsius ?? null);
  const min = history.points.map((p) => p.minCelsius ?? null);
  const max = history.points.map((p) => p.maxCelsius ?? null);
  const band = css('--band');
  const options = baseOptions(container, threshold, [
    { label: 'Core estimate °C', stroke: css('--accent'), width: 1.5, points: { show: false } },
    { label: 'Lowest', stroke: band, width: 0, points: { show: false } },
    { label: 'Highest', stroke: band, width: 0, points: { show: false } },
  ]);
  options.bands = [{ series: [3, 2], fill: band }];
  const chart = new uPlot(options, [xs, core, min, max], container);
  const unfollow = followWidth(chart, container);
  return {
    destroy() {
      unfollow();
      chart.destroy();
    },
  };
}
