import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database.js';

/** Runs a prepared query on the database or inside a transaction, with this call's values. */
export type PreparedQuery<Params, Row> = (db: Db, params: Params) => Promise<QueryResult<Row>>;

const MARKER = '\u0000ycyw-param:';

/**
 * A query built and compiled by Kysely once, then executed with new values on every call. Kysely builds and
 * compiles a query anew each time it runs (parsers, frozen operation nodes, the compiler's visitor): on the
 * `message:send` path that was more JavaScript than SQLite's own work. `build` receives stand-ins for the
 * parameters and must use each of them as a value (never in a condition of its own); values it writes
 * itself stay constant. The compiled SQL is the same for every call, so SQLite's statement cache hits.
 */
export function prepareQuery<Params extends Record<string, unknown>, Row>(
  db: Db,
  build: (params: Params) => Compilable<Row>,
): PreparedQuery<Params, Row> {
  const standIns = new Proxy({}, { get: (_target, key) => `${MARKER}${String(key)}` }) as Params;
  const compiled = build(standIns).compile();
  // Per compiled parameter: the name of the caller's value, or the constant the builder wrote.
  const slots = compiled.parameters.map((value): { name: string } | { name: null; constant: unknown } =>
    typeof value === 'string' && value.startsWith(MARKER) ? { name: value.slice(MARKER.length) } : { name: null, constant: value },
  );
  return (target, params) => {
    const parameters = slots.map((slot) => (slot.name === null ? slot.constant : params[slot.name]));
    const query: CompiledQuery<Row> = { ...compiled, parameters };
    return target.executeQuery(query);
  };
}
