import { ASSET_CACHE_CONTROL, assets } from "../assets.js";
import type { Controller } from "../page.js";

export const asset: Controller = async (req) => {
  const found = assets().byUrl.get(`/assets/${req.params.path ?? ""}`);
  if (!found) {
    return {
      raw: {
        contentType: "text/plain; charset=utf-8",
        body: "Not found",
        headers: { "cache-control": "no-store" },
      },
      status: 404,
    };
  }
  return {
    raw: {
      contentType: found.contentType,
      body: found.body,
      headers: { "cache-control": ASSET_CACHE_CONTROL },
    },
  };
};
