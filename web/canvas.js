// The structured experiment-design canvas: one shared Y.Text per field of the design, edited in
// plain text areas that merge concurrent typing, and a power and sample-size calculator.
import * as Y from "yjs";

export const CANVAS_FIELDS = [
  ["hypothesis", "Hypothesis"],
  ["unit", "Randomisation unit"],
  ["primary_metric", "Primary metric"],
  ["guardrails", "Guardrail metrics"],
  ["mde", "Minimum detectable effect"],
  ["power", "Power and sample size"],
  ["duration", "Duration"],
  ["risks", "Risks (novelty, network effects, sample ratio mismatch, ...)"],
  ["analysis", "Analysis plan and decision rule"],
];

/** Binds a textarea to a Y.Text: local edits become the minimal delete/insert, remote edits
 *  update the area and keep the caret where it was relative to the text around it. */
export function bindTextarea(area, text) {
  area.value = text.toString();
  area.addEventListener("input", () => {
    const before = text.toString();
    const after = area.value;
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start]) start++;
    let endBefore = before.length;
    let endAfter = after.length;
    while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) { endBefore--; endAfter--; }
    text.doc.transact(() => {
      if (endBefore > start) text.delete(start, endBefore - start);
      if (endAfter > start) text.insert(start, after.slice(start, endAfter));
    }, area);
  });
  text.observe((event) => {
    if (event.transaction.origin === area) return;
    const caret = Y.createRelativePositionFromTypeIndex(text, area.selectionStart ?? 0);
    area.value = text.toString();
    const restored = Y.createAbsolutePositionFromRelativePosition(caret, text.doc);
    if (restored && document.activeElement === area) area.setSelectionRange(restored.index, restored.index);
  });
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p) {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Units per arm to detect an absolute difference `delta` with variance `variance` per unit,
 *  two-sided at `alpha` with `power`: n = 2 (z_{1-α/2} + z_{power})² σ² / δ². */
export function sampleSizePerArm({ variance, delta, alpha = 0.05, power = 0.8 }) {
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return Math.ceil((2 * z * z * variance) / (delta * delta));
}

/** Mounts the canvas fields and the calculator in `parent`. */
export function mountCanvas(workspace, parent) {
  const canvas = workspace.ydoc.getMap("canvas");
  const fields = parent.querySelector(".canvas-fields");
  // The server creates the fields with the document (two clients creating them at once would
  // each make their own); they arrive with the first sync, and each is bound once it exists.
  const bound = new Set();
  const bindAll = () => {
    for (const [key, label] of CANVAS_FIELDS) {
      const text = canvas.get(key);
      if (!(text instanceof Y.Text) || bound.has(key)) continue;
      bound.add(key);
      const id = `canvas-${key}`;
      const wrapper = document.createElement("div");
      wrapper.className = "stack";
      const caption = Object.assign(document.createElement("label"), { htmlFor: id, textContent: label });
      const area = Object.assign(document.createElement("textarea"), { id, rows: 2 });
      wrapper.append(caption, area);
      fields.append(wrapper);
      bindTextarea(area, text);
    }
  };
  canvas.observe(bindAll);
  bindAll();

  const form = parent.querySelector(".power-calculator");
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name) => Number(form.elements[name].value);
    const baseline = value("baseline");
    const relative = value("relative_mde") / 100;
    const daily = value("daily_units");
    const variance = baseline * (1 - baseline);
    const perArm = sampleSizePerArm({ variance, delta: baseline * relative, alpha: value("alpha"), power: value("power") });
    const days = daily > 0 ? Math.ceil((2 * perArm) / daily) : null;
    const summary = `n ≈ ${perArm.toLocaleString("en")} per arm for a ${(relative * 100).toFixed(1)}% relative lift on a ${(baseline * 100).toFixed(2)}% baseline (α = ${value("alpha")}, power = ${value("power")})` + (days ? `; about ${days} days at ${daily.toLocaleString("en")} units a day` : "");
    form.querySelector("output").textContent = summary;
    const power = canvas.get("power");
    if (power instanceof Y.Text) power.insert(power.length, (power.length ? "\n" : "") + summary);
  });
}
