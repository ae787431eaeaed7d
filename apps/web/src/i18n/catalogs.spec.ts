import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import en from './en.json';
import km from './km.json';

const SRC = join(__dirname, '..');
// Attributes whose text a person reads or hears.
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext']);
const HAS_LETTERS = /\p{L}/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.tsx') ? [path] : [];
  });
}

/** User-facing text written into a component instead of taken from the catalogs. */
function literalStrings(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && HAS_LETTERS.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression) && HAS_LETTERS.test(node.expression.text)) {
      found.push(`${where(node)} text "${node.expression.text}"`);
    }
    if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const value = ts.isStringLiteral(node.initializer)
        ? node.initializer.text
        : ts.isJsxExpression(node.initializer) && node.initializer.expression && ts.isStringLiteralLike(node.initializer.expression)
          ? node.initializer.expression.text
          : '';
      if (HAS_LETTERS.test(value)) found.push(`${where(node)} ${node.name.getText()}="${value}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the web app catalogs', () => {
  it('have the same keys in Khmer and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(km).sort());
    const empty = [...Object.entries(km), ...Object.entries(en)].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same {placeholders} in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const different = Object.keys(km).filter((key) => names(km[key as keyof typeof km]).join() !== names(en[key as keyof typeof en]).join());
    expect(different).toEqual([]);
  });

  it('keep their keys sorted, so additions from different screens merge cleanly', () => {
    for (const catalog of [km, en]) expect(Object.keys(catalog)).toEqual([...Object.keys(catalog)].sort());
  });

  it('hold every user-facing string: no component writes one itself', () => {
    expect(sourceFiles(SRC).flatMap(literalStrings)).toEqual([]);
  });
});
