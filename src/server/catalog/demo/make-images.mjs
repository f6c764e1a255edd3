// Draws one small SVG per demo product into ./images/, from the catalog itself so the pictures
// follow the data (type, shape tags, colour). Run it after changing demo-catalog.json and keep the
// output in the repository:  node src/server/catalog/demo/make-images.mjs
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(here, 'images');

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function lens(shape, x, y, fill, stroke) {
  const a = `fill="${fill}" stroke="${stroke}" stroke-width="4"`;
  switch (shape) {
    case 'round': return `<circle cx="${x}" cy="${y}" r="17" ${a}/>`;
    case 'oval': return `<ellipse cx="${x}" cy="${y}" rx="19" ry="13" ${a}/>`;
    case 'cat-eye': return `<path d="M${x - 20} ${y - 12}L${x + 20} ${y - 8}Q${x + 18} ${y + 14} ${x} ${y + 13}Q${x - 18} ${y + 12} ${x - 20} ${y - 12}Z" ${a}/>`;
    case 'aviator': return `<path d="M${x - 19} ${y - 11}H${x + 19}Q${x + 20} ${y + 18} ${x} ${y + 17}Q${x - 20} ${y + 15} ${x - 19} ${y - 11}Z" ${a}/>`;
    case 'wrap': return `<path d="M${x - 21} ${y - 9}Q${x} ${y - 14} ${x + 21} ${y - 9}L${x + 17} ${y + 9}Q${x} ${y + 14} ${x - 17} ${y + 9}Z" ${a}/>`;
    default: return `<rect x="${x - 19}" y="${y - 13}" width="38" height="26" rx="${shape === 'square' ? 3 : 6}" ${a}/>`;
  }
}

function eyewear(p) {
  const shapes = ['round', 'oval', 'cat-eye', 'aviator', 'wrap', 'square'];
  const shape = shapes.find((s) => p.tags.includes(s)) ?? 'rect';
  const sun = p.productType === 'sunglasses';
  const fill = sun ? '#3a3f4a' : p.tags.includes('blue-light') ? '#dbeeff' : '#f4f8fb';
  const c = p.color.hex;
  const brow = p.tags.includes('browline') ? `<path d="M17 48H103" stroke="${c}" stroke-width="7" stroke-linecap="round"/>` : '';
  return `${lens(shape, 38, 60, fill, c)}${lens(shape, 82, 60, fill, c)}${brow}`
    + `<path d="M55 58Q60 52 65 58M19 56L8 50M101 56L112 50" fill="none" stroke="${c}" stroke-width="4" stroke-linecap="round"/>`;
}

function beauty(p) {
  const c = p.color.hex;
  switch (p.productType) {
    case 'foundation':
      return `<rect x="40" y="42" width="40" height="58" rx="8" fill="${c}" stroke="#555" stroke-width="2"/><rect x="50" y="24" width="20" height="18" rx="3" fill="#333"/><rect x="46" y="62" width="28" height="14" rx="2" fill="#fff" opacity=".7"/>`;
    case 'concealer':
      return `<rect x="50" y="46" width="20" height="56" rx="5" fill="${c}" stroke="#555" stroke-width="2"/><rect x="52" y="16" width="16" height="30" rx="4" fill="#333"/>`;
    case 'lipstick':
      return `<path d="M50 48V34L70 24V48Z" fill="${c}"/><rect x="46" y="48" width="28" height="14" fill="#c9a227"/><rect x="44" y="62" width="32" height="40" rx="3" fill="#222"/>`;
    default:
      return `<rect x="48" y="50" width="24" height="52" rx="10" fill="${c}" opacity=".85" stroke="#555" stroke-width="2"/><rect x="51" y="18" width="18" height="32" rx="5" fill="#eee" stroke="#555" stroke-width="2"/>`;
  }
}

function apparel(p) {
  const c = p.color.hex;
  const line = c.toLowerCase() > '#e' ? '#999' : '#fff';
  if (p.productType.includes('shoe') || p.productType === 'sneakers') {
    return `<path d="M14 84V62Q20 56 30 58L48 46Q56 54 66 56L96 68Q108 72 108 84Z" fill="${c}" stroke="#333" stroke-width="2"/>`
      + `<path d="M12 84H110V92H12Z" fill="#f5f5f5" stroke="#333" stroke-width="2"/><path d="M46 56L54 62M52 52L60 58" stroke="${line}" stroke-width="3"/>`;
  }
  if (p.productType === 'jacket') {
    return `<path d="M44 18L28 26L16 96H40V50L44 104H76L80 50V96H104L92 26L76 18Q60 30 44 18Z" fill="${c}" stroke="#333" stroke-width="2"/>`
      + `<path d="M60 28V104" stroke="${line}" stroke-width="3"/>`;
  }
  return `<path d="M44 20L16 34L26 54L36 48V102H84V48L94 54L104 34L76 20Q60 32 44 20Z" fill="${c}" stroke="#333" stroke-width="2"/>`;
}

function svg(p) {
  const draw = p.category === 'eyewear' ? eyewear(p) : p.category === 'beauty' ? beauty(p) : apparel(p);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120" role="img">`
    + `<title>${escape(p.title)}</title><rect width="120" height="120" rx="12" fill="#f7f5f2"/>${draw}</svg>\n`;
}

/** A catalog item in the flat shape the drawings read: category, type, colour. */
const flat = (item) => ({
  id: item.id, title: item.title, productType: item.productType, tags: item.tags,
  category: item.categories[0].toLowerCase(), color: { hex: item.attributes.color_hex },
});

const { items } = JSON.parse(await readFile(join(here, 'demo-catalog.json'), 'utf8'));
await mkdir(out, { recursive: true });
for (const item of items) await writeFile(join(out, `${item.id}.svg`), svg(flat(item)));
console.log(`wrote ${items.length} images to ${out}`);
