import type { RouteDef } from "../../shared/api/route.js";

/** Fills a route's path template; unknown ids are well-formed but name nothing. */
export function fillPath(route: RouteDef, values: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(values[name] ?? (name === "bedId" ? "b1" : `missing-${name.toLowerCase()}`)),
  );
}

export const paramNames = (route: RouteDef) => [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
