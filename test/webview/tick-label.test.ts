import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickLabel } from '../../webview/tick-label.js';

test('study tick labels keep the metric digits, and show small ticks with enough digits to tell them apart', () => {
    assert.equal(tickLabel(93.75, 2), '93.75');
    assert.equal(tickLabel(0.12, 3), '0.120');
    assert.equal(tickLabel(0, 3), '0.000');
    // A share kept of 0.0040 .. 0.0045 printed with 3 decimals gave six ticks reading 0.004.
    const ticks = [0.004, 0.0041, 0.0042, 0.0043, 0.0044, 0.0045].map((v) => tickLabel(v, 3));
    assert.equal(new Set(ticks).size, ticks.length, ticks.join(' '));
    assert.equal(tickLabel(0.0041, 3), '0.0041');
});
