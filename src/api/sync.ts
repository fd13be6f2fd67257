/**
 * The sync engine's side of the REST API: the event outbox (events.ts), runs and run items
 * (runs.ts), and the bulk routes (bulk.ts).
 */
export * from './events';
export * from './runs';
export * from './bulk';
export type { Page } from './transport';
