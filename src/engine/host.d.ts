/**
 * The few host globals the engine uses, which browsers and Node both provide. Declared here so
 * the engine compiles without the DOM or Node type libraries and cannot reach for anything else.
 */
declare function setTimeout( callback: () => void, ms: number ): unknown;
declare function clearTimeout( handle: unknown ): void;
