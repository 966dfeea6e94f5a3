export * from './network-graph.ts';
