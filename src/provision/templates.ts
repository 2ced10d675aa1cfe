// SPDX-License-Identifier: MIT
// Filling the templates in the package's dkms/ directory. Placeholders are {{NAME}}; lines
// starting with "##" document the template and are dropped; a line that is only a placeholder
// with an empty value disappears. A placeholder without a value is a programming error and
// throws, so a half-filled dkms.conf can never be written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cache = new Map<string, string>();

/** Read a template (relative to the dkms/ directory) once per process. */
export function readTemplate(templateDir: string, name: string): string {
  const path = join(templateDir, name);
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    cache.set(path, text);
  }
  return text;
}

/** Substitute `values` into `template`. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const out: string[] = [];
  for (const line of template.split('\n')) {
    if (line.startsWith('##')) continue;
    const only = /^\{\{([A-Z_]+)\}\}$/.exec(line.trim());
    if (only?.[1] !== undefined && values[only[1]] === '') continue;
    out.push(
      line.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
        const v = values[key];
        if (v === undefined) throw new Error(`template placeholder {{${key}}} has no value`);
        return v;
      }),
    );
  }
  return out.join('\n');
}

/** Read and fill a template. */
export function renderTemplate(templateDir: string, name: string, values: Record<string, string>): string {
  return fillTemplate(readTemplate(templateDir, name), values);
}
