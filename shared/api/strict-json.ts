/**
 * `JSON.parse` keeps the last of two equal keys, which hides client bugs
 * (`{"bufferDays":3,"bufferDays":30}`), and a reviver cannot see the first. This scans
 * text that JSON.parse has already accepted and names the first repeated key by its path.
 */
export function firstDuplicateKey(json: string): string | undefined {
  type Frame = { kind: "object"; keys: Set<string>; key?: string } | { kind: "array"; index: number };
  const stack: Frame[] = [];
  const pathOf = (last: string) =>
    [...stack.slice(0, -1).map((f) => (f.kind === "object" ? (f.key ?? "") : String(f.index))), last].join(
      ".",
    );
  let i = 0;
  const n = json.length;
  while (i < n) {
    const ch = json[i]!;
    if (ch === '"') {
      // A string token; JSON.parse accepted the text, so its end is the next unescaped quote.
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === "\\" ? 2 : 1;
      const token = json.slice(i, j + 1);
      i = j + 1;
      while (i < n && /\s/.test(json[i]!)) i++;
      const top = stack[stack.length - 1];
      if (json[i] === ":" && top?.kind === "object") {
        const key = JSON.parse(token) as string;
        if (top.keys.has(key)) return pathOf(key);
        top.keys.add(key);
        top.key = key;
      }
      continue;
    }
    if (ch === "{") stack.push({ kind: "object", keys: new Set() });
    else if (ch === "[") stack.push({ kind: "array", index: 0 });
    else if (ch === "}" || ch === "]") stack.pop();
    else if (ch === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "array") top.index++;
    }
    i++;
  }
  return undefined;
}
