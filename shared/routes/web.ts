import { defineRoutes } from "../http/route.js";

/** The web page and its assets; served by the public function. */
export const webRoutes = defineRoutes([]);
