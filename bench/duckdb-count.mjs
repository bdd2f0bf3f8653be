// duckdb-count.mjs FILE COLUMN THREADS: the same count as
// "dvkstat count --by COLUMN FILE" in DuckDB, through @duckdb/node-api:
// rows per value of COLUMN, the file read as text.  Prints the groups and
// the time of the query alone (the engine's start is not counted).
// SPDX-License-Identifier: GPL-3.0-or-later
import { DuckDBInstance } from '@duckdb/node-api';

const [file, column, threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const quoted = '"' + column.replaceAll('"', '""') + '"';
const path = "'" + file.replaceAll("'", "''") + "'";
const t0 = performance.now();
const result = await con.runAndReadAll(
    `SELECT ${quoted} AS value, count(*) AS n
     FROM read_csv(${path}, header = true, all_varchar = true)
     GROUP BY 1 ORDER BY 2 DESC`);
const seconds = (performance.now() - t0) / 1000;
for (const [value, n] of result.getRows())
    console.log(`${value}\t${n}`);
console.error(`duckdb query: ${seconds.toFixed(3)} s`);
