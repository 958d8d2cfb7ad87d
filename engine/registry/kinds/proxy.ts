import { batch, device, seed } from '../common.js';
import { declareKind } from '../types.js';

export const PROXY_NAMES = ['synflow', 'naswot', 'grad_norm', 'jacob_cov', 'snip', 'fisher'] as const;

export const proxyKind = declareKind({
    category: 'evaluator',
    kind: 'proxy',
    doc: 'A zero-cost proxy score computed at initialization (no training). Not available yet in this version: `lissnas shrink` refuses it.',
    args: [{ syntax: PROXY_NAMES.join('|'), shape: 'word', noun: 'proxy', words: PROXY_NAMES, doc: 'the proxy' }],
    implemented: false,
    settings: { batch, seed, device },
});
