// What the declarations actions leave in `locals` for their page, beside `locals.form`
// (src/env.d.ts): the errors of a CSV file refused by declarations.importCsv, line by line, for
// the report of /espace/declarer/import/.
import type { CsvLineError } from '../domain/declaration-csv.ts';

declare global {
  namespace App {
    interface Locals {
      csvReport?: CsvLineError[];
    }
  }
}
