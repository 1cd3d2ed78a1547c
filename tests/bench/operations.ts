import { addDays } from "../../shared/domain/dates.js";
import { benchCrn, type CurrentStay, TODAY } from "./estate.js";
import type { HttpClient, Response } from "./measure.js";

/** The premises whose own views are measured, and the 12-premises area the bed search covers. */
export const MEASURED_PREMISES = "ne-01";
export const SEARCH_AREA = "north-east";
const SEARCH_AREA_PREMISES = Array.from({ length: 12 }, (_, i) => `ne-${String(i + 1).padStart(2, "0")}`);
/** Bench referrals arrive after every current stay and its buffer (at most today+85) and after extensions (+7). */
export const BENCH_ARRIVAL = addDays(TODAY, 120);

export interface Tokens {
  cru: string;
  manager: string;
}

export interface OperationContext {
  http: HttpClient;
  tokens: Tokens;
  /** Referrals created by this phase's "submit referral" runs, in order; allocation places them. */
  submitted: string[];
  /** Current stays the extension runs lengthen, one each. */
  extendable: CurrentStay[];
  nightly: (date: string) => Promise<unknown>;
  /** Untimed work before a night's run: the day's departures, as staff would record them. */
  beforeNight?: (date: string) => Promise<void>;
}

export interface Operation {
  key: string;
  label: string;
  expected: number;
  /** Whether a run changes state, so every run needs a fresh input. */
  writes: boolean;
  run(i: number): Promise<Response>;
  /** The check that the run did real work, beyond its status. */
  check?(res: Response): string | undefined;
}

export function operations(ctx: OperationContext): Operation[] {
  const { http, tokens } = ctx;
  return [
    {
      key: "submit-referral",
      label: "submit referral",
      expected: 201,
      writes: true,
      async run(i) {
        const res = await http.call("POST", "/referrals", {
          token: tokens.cru,
          body: {
            person: {
              crn: benchCrn(i),
              name: `Bench Person ${i}`,
              dateOfBirth: "1988-03-04",
              gender: "male",
            },
            riskOfSeriousHarm: "high",
            releaseType: "licence",
            expectedArrivalDate: BENCH_ARRIVAL,
            area: SEARCH_AREA,
            preferredPremisesIds: [SEARCH_AREA_PREMISES[i % 12]],
            homelessIfNotPlaced: true,
          },
        });
        if (res.status === 201) ctx.submitted[i] = res.body.referralId;
        return res;
      },
    },
    {
      key: "bed-options",
      label: "bed options, 12-premises area",
      expected: 200,
      writes: false,
      // The newest submission: still awaiting a bed when the pass's allocations have not reached it.
      run: () => http.call("GET", `/referrals/${ctx.submitted.at(-1)}/bed-options`, { token: tokens.cru }),
      check: (res) => {
        const premises = new Set((res.body.options as { premisesId: string }[]).map((o) => o.premisesId));
        return premises.size === 12 ? undefined : `options from ${premises.size} premises, expected 12`;
      },
    },
    {
      key: "allocation",
      label: "allocation",
      expected: 201,
      writes: true,
      run: (i) => {
        const referralId = ctx.submitted[i];
        if (!referralId) throw new Error(`no submitted referral ${i} to allocate`);
        // Slot i: premises i mod 12, its bed i div 12 + 1, all free from BENCH_ARRIVAL.
        return http.call("POST", `/referrals/${referralId}/allocation`, {
          token: tokens.cru,
          body: { premisesId: SEARCH_AREA_PREMISES[i % 12], bedId: `b${Math.floor(i / 12) + 1}` },
        });
      },
    },
    {
      key: "extension",
      label: "extension",
      expected: 200,
      writes: true,
      run: (i) => {
        const stay = ctx.extendable[i];
        if (!stay) throw new Error(`no current stay ${i} to extend`);
        return http.call("POST", `/bookings/${stay.bookingId}/extension`, {
          token: tokens.cru,
          headers: { "if-match": "2" },
          body: {
            departureDate: addDays(stay.departure, 7),
            reason: "Move-on address available a week later",
          },
        });
      },
    },
    {
      key: "premises-occupancy",
      label: "premises occupancy, 84 nights",
      expected: 200,
      writes: false,
      run: () =>
        http.call("GET", `/premises/${MEASURED_PREMISES}/occupancy?from=${TODAY}&to=${addDays(TODAY, 83)}`, {
          token: tokens.manager,
        }),
      check: (res) =>
        res.body.days?.length === 84 ? undefined : `${res.body.days?.length} days, expected 84`,
    },
    {
      key: "area-occupancy",
      label: "area occupancy, national (100 premises)",
      expected: 200,
      writes: false,
      run: () => http.call("GET", `/occupancy?date=${TODAY}&limit=200`, { token: tokens.cru }),
      check: (res) =>
        res.body.items?.length === 100 && !res.body.nextCursor
          ? undefined
          : `${res.body.items?.length} premises, expected 100 on one page`,
    },
    {
      key: "move-on-board",
      label: "move-on board",
      expected: 200,
      writes: false,
      run: () => http.call("GET", `/premises/${MEASURED_PREMISES}/move-on`, { token: tokens.manager }),
    },
    {
      key: "nightly",
      label: "nightly job (one night, in-process)",
      expected: 200,
      writes: true,
      async run(i) {
        const night = addDays(TODAY, i);
        await ctx.beforeNight?.(night);
        const started = performance.now();
        const body = await ctx.nightly(night);
        return { status: 200, body, ms: performance.now() - started };
      },
    },
  ];
}
