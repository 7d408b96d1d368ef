// The `@ddx/source` export condition points workspace tools (vitest, tsx, tsc) at a package's
// TypeScript sources; src/ is not published, so the condition is dropped from what pnpm packs.
const workspaceOnly = '@ddx/source';

function withoutWorkspaceConditions(exportsMap) {
  if (exportsMap === null || typeof exportsMap !== 'object') return exportsMap;
  return Object.fromEntries(
    Object.entries(exportsMap)
      .filter(([key]) => key !== workspaceOnly)
      .map(([key, value]) => [key, withoutWorkspaceConditions(value)]),
  );
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.exports) pkg.exports = withoutWorkspaceConditions(pkg.exports);
      return pkg;
    },
  },
};
