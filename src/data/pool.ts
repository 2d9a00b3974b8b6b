import mariadb, { type Pool } from 'mariadb';
import { connectionOptionsFromUrl } from './connection-options.js';

/** A plain driver pool for bulk writes on the call path's side (the decision log). */
export function createDriverPool(databaseUrl: string, connectionLimit = 2): Pool {
  return mariadb.createPool({ ...connectionOptionsFromUrl(databaseUrl), connectionLimit, acquireTimeout: 3000 });
}
