// Writes docs/policy.md from the policy rules (src/lib/server/policy/). `npm run docs:policy`
import { writeFileSync } from 'node:fs';
import { policyDocument } from '../src/lib/server/policy/index.ts';

writeFileSync(new URL('../docs/policy.md', import.meta.url), policyDocument());
console.log('docs/policy.md written');
