const NAMES = ['Website relaunch', 'Quarterly report', 'Onboarding checklist', 'Data migration', 'Security review'];

/** A tenant's demo data: three projects, the same every time for the same tenant. */
export function projectsOf(tenantId: string): Array<{ id: string; name: string }> {
  let seed = 0;
  for (const char of tenantId) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  return [0, 1, 2].map((i) => ({ id: `${tenantId}-p${i + 1}`, name: `${NAMES[(seed + i) % NAMES.length]} (${tenantId})` }));
}
