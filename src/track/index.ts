/** Per-vessel track state: ordering, cleaning, segmentation (DESIGN.md "src/track/"). */
export * from './clean.js';
export * from './discrepancy.js';
export * from './order.js';
export * from './params.js';
export * from './segmenter.js';
export * from './breaks.js';
