import { writeFileSync } from 'node:fs';
import { COMPILED_SPEC_PATH, DEFAULT_SPEC_PATH, parseSpecFile } from './spec-loader.js';

// Build step: writes the spec as JSON next to the compiled code, because parsing the YAML
// at every start costs several times more than the JSON.parse that replaces it.
writeFileSync(COMPILED_SPEC_PATH, JSON.stringify(parseSpecFile(DEFAULT_SPEC_PATH)));
