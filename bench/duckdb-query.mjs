// duckdb-query.mjs THREADS SQL: run SQL in DuckDB through @duckdb/node-api
// with THREADS threads and print the time of the query alone on standard
// error (bench/all.sh times the whole process as well).  The rows are
// counted, not printed, so that printing costs nothing.
// SPDX-License-Identifier: GPL-3.0-or-later
import { DuckDBInstance } from '@duckdb/node-api';

const [threads = '2', sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const t0 = performance.now();
const result = await con.runAndReadAll(sql);
const seconds = (performance.now() - t0) / 1000;
console.log(`${result.getRows().length} rows`);
console.error(`duckdb query: ${seconds.toFixed(3)} s`);
