import { describe, expect, it } from 'vitest';
import { getContract } from '../../src/contract/contract.js';
import { findScenarios, readScenario, BUILT_IN_FIXTURES_DIR } from '../../src/fixtures/scenario-file.js';
import { seedScenario } from '../../src/fixtures/seed.js';
import { generateScenario } from '../../src/fixtures/generate.js';

// The fake skips the response-schema check for its own scenario files at start, to
// start fast. This test is what makes that safe: every built-in file passes it.

const contract = getContract();

describe('built-in scenarios', () => {
  for (const [name, path] of findScenarios([BUILT_IN_FIXTURES_DIR])) {
    it(`${name} passes the schema check`, () => {
      const source = readScenario(name, path);
      const request = source.content.generate;
      const content = request ? { ...source.content, ...generateScenario({ ...request, repositories: 40 }, 3, contract) } : source.content;

      const state = seedScenario({ ...source, content }, contract, { checkSchemas: true });

      expect(state.users.size).toBeGreaterThan(0);
    });
  }
});
