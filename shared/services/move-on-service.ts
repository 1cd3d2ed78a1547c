import type { Binding } from "../http/api-handler.js";

export const moveOnBindings: Binding[] = [];
