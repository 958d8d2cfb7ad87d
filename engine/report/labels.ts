/**
 * Human column titles for the metric keys of result.json and study.json (engine/metrics/shrink.ts,
 * `shrinkMetricValues`; definitions in docs/metrics.md). The keys stay short and stable for scripts; a reader of
 * the report gets words and units. "report" is the evaluator's report column (e.g. test accuracy in %).
 */
/** Unit ranges, with word joiners around the dash so a narrow header never breaks inside `(0–1)`. */
const SHARE = '(0\u2060–\u20601)';
const CORRELATION = '(−1\u2060–\u20601)';

const LABELS: Record<string, string> = {
    fractionKept: `share of space kept ${SHARE}`,
    optimumKept: 'optimum kept',
    'recallTop0.1%': `recall of top 0.1 % ${SHARE}`,
    'recallTop1%': `recall of top 1 % ${SHARE}`,
    'recallTop5%': `recall of top 5 % ${SHARE}`,
    shrinkIndex: 'shrink index (top-1 % recall ÷ share kept)',
    meanReport: 'mean report of kept',
    medianReport: 'median report of kept',
    kendallTau: `Kendall τ, metric vs report ${CORRELATION}`,
    meanDistance: 'mean pairwise distance (edits)',
    pockets: 'pockets (connected groups)',
    pocketSizeMin: 'smallest pocket (cells)',
    pocketSizeMedian: 'median pocket (cells)',
    pocketSizeMax: 'largest pocket (cells)',
    pocketGap: 'distance between pockets (edits)',
    goodPockets: 'pockets holding a top-1 % cell',
    topRegionsKept: 'top-1 % regions kept',
    topRegionShare: `share of top-1 % regions kept ${SHARE}`,
    sizeLog10: 'size (log10)',
    queries: 'queries',
    shrinkQueries: 'shrinkage queries',
    bestReport: 'best report found',
    bestMetric: 'best metric found',
    overallReport: 'best report of all paid queries',
    overallMetric: 'best metric of all paid queries',
};

/** The title of a metric column: the map above, else the camelCase key split into words (`fooBar%` -> `foo bar %`). */
export function metricLabel(key: string): string {
    const known = LABELS[key];
    if (known) return known;
    return key
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Za-z])(\d)/g, '$1 $2')
        .replace(/(\d)%/g, '$1 %')
        .toLowerCase();
}

/** Digits a metric is shown with: shares and correlations need three, report values two. */
export function metricDigits(key: string): number {
    if (key === 'pockets' || key === 'queries') return 0;
    // Pocket counts and sizes: whole per run, but a study shows means over seeds, which need a decimal.
    if (key === 'goodPockets' || key === 'topRegionsKept' || key.startsWith('pocketSize')) return 1;
    return key.includes('%') || /kept|fraction|tau|index/i.test(key) ? 3 : 2;
}
