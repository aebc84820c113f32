import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_FIXTURES_DIR, COMPILED_FIXTURES_DIR, findScenarios, readScenario } from './fixtures/scenario-file.js';
import { COMPILED_SPEC_PATH, DEFAULT_SPEC_PATH, parseSpecFile } from './contract/spec-loader.js';

// Build step: writes the spec and the built-in scenarios as JSON next to the compiled
// code, because parsing their YAML at every start costs more than the rest of a start.
writeFileSync(COMPILED_SPEC_PATH, JSON.stringify(parseSpecFile(DEFAULT_SPEC_PATH)));

mkdirSync(COMPILED_FIXTURES_DIR, { recursive: true });
for (const [name, path] of findScenarios([BUILT_IN_FIXTURES_DIR])) {
  writeFileSync(join(COMPILED_FIXTURES_DIR, `${name}.json`), JSON.stringify(readScenario(name, path).content));
}
