import { Hono } from 'hono';
import type { Engine } from '../engine.ts';

/** Managed login and the issuer documents. */
export function federation(engine: Engine): Hono {
  const app = new Hono();
  void engine;
  return app;
}
