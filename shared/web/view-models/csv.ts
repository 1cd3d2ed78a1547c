import { csvRow } from "../../domain/occupancy-csv.js";

/**
 * A table as a spreadsheet wants it (RFC 4180, the same quoting and formula guard as the
 * occupancy CSV): the header, then one row per table row, from the same view model the
 * page renders.
 */
export function tableCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return csvRow(header) + rows.map((r) => csvRow(r)).join("");
}

export const csvDownload = (filename: string, body: string) => ({
  raw: {
    contentType: "text/csv; charset=utf-8",
    body,
    headers: { "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  },
});
