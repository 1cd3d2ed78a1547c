import * as occupancy from "../../services/occupancy-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/occupancy.js";

export const occupancyBindings: Binding[] = [
  implement(routes.getOccupancy, async ({ principal, params, query }) => ({
    status: 200,
    body: await occupancy.premisesOccupancy(principal, params.premisesId, query),
  })),

  implement(routes.getOccupancyCsv, async ({ principal, params, query }) => {
    const { filename, csv } = await occupancy.occupancyCsvOf(principal, params.premisesId, query);
    return {
      status: 200,
      headers: { "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
      raw: { contentType: "text/csv; charset=utf-8", body: csv },
    };
  }),

  implement(routes.getAreaOccupancy, async ({ principal, query }) => ({
    status: 200,
    body: await occupancy.areaOccupancy(principal, query),
  })),
];
