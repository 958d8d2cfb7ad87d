// The "did you mean" helper lives in the engine (the settings registry's messages use it too).
export { closestName, didYouMean, editDistance } from '../../engine/registry/closest-name.js';
