/** The premises an AP manager of several can choose from. */
export function homeModel(premises: readonly { premisesId: string; name: string }[]) {
  return {
    heading: "Your premises",
    empty: "Your account is not linked to any premises. Ask an administrator to add them.",
    premises: [...premises]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ name: p.name, href: `/premises/${encodeURIComponent(p.premisesId)}/placements` })),
  };
}
