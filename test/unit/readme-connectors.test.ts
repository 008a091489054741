import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { connectorsSection, withConnectorsSection } from '../../scripts/connector-docs.js';
import { defaultRegistry } from '../../runtime/registry.js';
import { optionDocs } from '../../connectors/sdk/docs.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README component section', () => {
  it('is what the config schemas generate today (run npm run docs:connectors)', () => {
    expect(readme).toBe(withConnectorsSection(readme));
  });

  it('documents every option of every registered component, and marks the secret ones', () => {
    const section = connectorsSection();
    for (const def of defaultRegistry().allComponents()) {
      expect(section).toContain(`### \`${def.spec.type}\``);
      for (const o of optionDocs(def)) {
        expect(section, `${def.spec.type} ${o.path}`).toContain(`| \`${o.path}\` |`);
        if (o.secret) expect(section.split('\n').find((l) => l.startsWith(`| \`${o.path}\` |`))).toContain('**secret**');
      }
    }
  });
});
