// Unit tests of the canvas calculator (node --test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalQuantile, sampleSizePerArm } from "./canvas.js";

test("the normal quantile matches known values", () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.841621) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6);
});

test("sample size per arm follows 2 (z_a + z_b)^2 sigma^2 / delta^2", () => {
  // 5% baseline, 2% relative lift: delta = 0.001, variance = 0.0475.
  const n = sampleSizePerArm({ variance: 0.05 * 0.95, delta: 0.001, alpha: 0.05, power: 0.8 });
  assert.ok(Math.abs(n - 745_644) <= 2, `${n}`);
  assert.ok(sampleSizePerArm({ variance: 1, delta: 0.1, alpha: 0.05, power: 0.9 }) > sampleSizePerArm({ variance: 1, delta: 0.1, alpha: 0.05, power: 0.8 }));
});
