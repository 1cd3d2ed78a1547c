import { type DayOccupancy, ROOM_CHARACTERISTIC_SLUGS } from "./occupancy.js";

/** RFC 4180: CRLF line ends; a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string | number): string {
  let text = String(value);
  // A spreadsheet would run a leading = + @ as a formula; numbers are safe as they are.
  if (typeof value === "string" && /^[=+@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

export const OCCUPANCY_CSV_HEADER = [
  "date",
  "beds",
  "occupied",
  "buffer",
  "out_of_service",
  "free",
  "arrivals",
  "departures",
  ...ROOM_CHARACTERISTIC_SLUGS.map((c) => `free_${c.replace(/-/g, "_")}`),
];

/** One row a night, header first; the file ends with CRLF like every row. */
export function occupancyCsv(days: readonly DayOccupancy[]): string {
  let out = csvRow(OCCUPANCY_CSV_HEADER);
  for (const d of days) {
    out += csvRow([
      d.date,
      d.beds,
      d.occupied,
      d.buffer,
      d.outOfService,
      d.free,
      d.arrivals,
      d.departures,
      ...ROOM_CHARACTERISTIC_SLUGS.map((c) => d.freeByCharacteristic[c]),
    ]);
  }
  return out;
}
