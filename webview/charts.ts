/**
 * ECharts, tree-shaken to what the panels draw (line, scatter, boxplot; grid, tooltip, legend, visualMap,
 * dataZoom, title) on the canvas renderer: a canvas keeps thousands of points interactive where an SVG
 * renderer would add one DOM node per point. Charts re-read the theme when VS Code switches it.
 */
import * as echarts from 'echarts/core';
import { BoxplotChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { onThemeChange, readTheme, type Theme } from './theme.js';

echarts.use([BoxplotChart, LineChart, ScatterChart, DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

// The option type is kept loose here: each view builds plain option objects (typed checks happen at the data).
export type Option = Record<string, unknown>;

const charts = new Set<Chart>();
let theme = readTheme();
let watching = false;

export class Chart {
    readonly instance: echarts.ECharts;

    constructor(
        readonly element: HTMLElement,
        private build: (theme: Theme) => Option,
    ) {
        this.instance = echarts.init(element, undefined, { renderer: 'canvas' });
        charts.add(this);
        new ResizeObserver(() => this.instance.resize()).observe(element);
        if (!watching) {
            watching = true;
            onThemeChange((next) => {
                theme = next;
                charts.forEach((c) => c.render());
            });
        }
        this.render();
    }

    /** Redraws from the (new) builder; `notMerge` so that removed series really disappear. */
    render(build?: (theme: Theme) => Option): void {
        if (build) this.build = build;
        this.instance.setOption(this.build(theme), { notMerge: true, lazyUpdate: true });
    }
}

export function currentTheme(): Theme {
    return theme;
}

/** The option parts every chart shares: colours, font, a legend and a tooltip drawn on the canvas. */
export function base(t: Theme, extra: { legend?: boolean; title?: string } = {}): Option {
    return {
        animation: false,
        color: t.palette,
        backgroundColor: 'transparent',
        textStyle: { color: t.foreground, fontFamily: t.font },
        title: extra.title ? { text: extra.title, left: 0, top: 0, textStyle: { color: t.foreground, fontSize: 13, fontWeight: 'normal' } } : undefined,
        legend: extra.legend ? { top: 0, right: 0, textStyle: { color: t.foreground }, type: 'scroll' } : undefined,
        // richText: the tooltip is drawn on the canvas; HTML tooltips carry inline styles the CSP blocks.
        tooltip: { renderMode: 'richText', confine: true, backgroundColor: t.background, borderColor: t.grid, textStyle: { color: t.foreground } },
        grid: { left: 56, right: 24, top: extra.title || extra.legend ? 36 : 16, bottom: 36, containLabel: false },
    };
}

export function axis(t: Theme, name: string, more: Option = {}): Option {
    return {
        name,
        nameLocation: 'middle',
        nameGap: 28,
        nameTextStyle: { color: t.muted },
        axisLine: { lineStyle: { color: t.grid } },
        axisLabel: { color: t.muted },
        splitLine: { lineStyle: { color: t.grid, opacity: 0.4 } },
        scale: true,
        ...more,
    };
}

/** Quartiles for a box plot: [min, q1, median, q3, max] (linear interpolation between order statistics). */
export function boxOf(values: readonly number[]): [number, number, number, number, number] | undefined {
    if (values.length === 0) return undefined;
    const xs = [...values].sort((a, b) => a - b);
    const q = (p: number) => {
        const i = (xs.length - 1) * p;
        const lo = Math.floor(i);
        return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (i - lo);
    };
    return [xs[0], q(0.25), q(0.5), q(0.75), xs[xs.length - 1]];
}

/** Deterministic jitter in [-w, w] for strip plots (no Math.random: a redraw must not move the points). */
export function jitter(i: number, w = 0.25): number {
    const x = Math.sin(i * 12.9898) * 43758.5453;
    return (x - Math.floor(x) - 0.5) * 2 * w;
}
