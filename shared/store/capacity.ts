/**
 * Counts DynamoDB requests and consumed capacity while AP_MEASURE_CAPACITY=1, so benches
 * and tests can prove that an operation's cost does not grow with history.
 */
export interface CapacityTally {
  requests: number;
  readUnits: number;
  writeUnits: number;
  units: number;
}

let tally: CapacityTally = { requests: 0, readUnits: 0, writeUnits: 0, units: 0 };

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export function recordCapacity(output: { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }): void {
  tally.requests += 1;
  const list = output?.ConsumedCapacity;
  for (const c of Array.isArray(list) ? list : list ? [list] : []) {
    tally.units += c.CapacityUnits ?? 0;
    tally.readUnits += c.ReadCapacityUnits ?? 0;
    tally.writeUnits += c.WriteCapacityUnits ?? 0;
  }
}

export function resetCapacity(): void {
  tally = { requests: 0, readUnits: 0, writeUnits: 0, units: 0 };
}

export function readCapacity(): CapacityTally {
  return { ...tally };
}
