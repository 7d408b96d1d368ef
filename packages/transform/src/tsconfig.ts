/**
 * Module resolution as the project's TypeScript configuration says, for the CLI (which has no
 * bundler to ask): each importing file is resolved by TypeScript's own `resolveModuleName`, on
 * the real file system, with the options of the nearest tsconfig.json above it (`paths`,
 * `baseUrl`, `moduleResolution`, `extends`, …).
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { codeFrame, DdxError, diagnosticAt } from './diagnostics.js';
import type { Resolve } from './resolution.js';

/** A file is read by the analysis even if the project does not check JavaScript: the build runs it. */
const resolutionOptions: ts.CompilerOptions = { allowJs: true };

/** Without a tsconfig.json: TypeScript's resolution for bundled ES modules. */
const defaultOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true,
};

/**
 * The compiler options of a tsconfig.json (with what it extends). One that cannot be read or
 * parsed fails the module whose imports it resolves, with a DDX1008 at the fault.
 */
function optionsOf(configFile: string, importer: string): ts.CompilerOptions {
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) {
    const message = `cannot read ${path.basename(configFile)} (${ts.flattenDiagnosticMessageText(error.messageText, ' ')}), which resolves the imports of ${importer}; fix it, or remove it to resolve them as a bundler does`;
    throw new DdxError([error.file && error.start !== undefined
      ? diagnosticAt(error.file, error.start, 'DDX1008', message)
      : { code: 'DDX1008', severity: 'error', message, file: configFile, line: 1, column: 1, frame: codeFrame('', 1, 1) }]);
  }
  // Diagnostics about options (a deprecated baseUrl, no inputs) do not change where imports lead.
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile), undefined, configFile).options;
}

/** A resolver over the nearest tsconfig.json of each importing file (configurations read once). */
export function tsconfigResolver(): Resolve {
  const configFiles = new Map<string, string | undefined>();
  const options = new Map<string | undefined, ts.CompilerOptions>();
  const optionsFor = (importer: string): ts.CompilerOptions => {
    const dir = path.dirname(importer);
    if (!configFiles.has(dir)) configFiles.set(dir, ts.findConfigFile(dir, ts.sys.fileExists));
    const configFile = configFiles.get(dir);
    let found = options.get(configFile);
    if (!found) options.set(configFile, (found = { ...(configFile ? optionsOf(configFile, importer) : defaultOptions), ...resolutionOptions }));
    return found;
  };
  return (specifier, importer) => ts.resolveModuleName(specifier, importer, optionsFor(importer), ts.sys).resolvedModule?.resolvedFileName;
}
