import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { pure } from '../pure.js';
import { MarkdownStream, type BlockNode, type Inline } from './markdown.js';

/**
 * Renders assistant text through the markdown subset. Every node becomes a Preact element or a
 * text child; nothing is ever set as HTML, so markup in a response shows as the characters it is.
 * While an answer streams, each update parses only the block still open, and settled blocks (the
 * same objects as before) are not rendered again; `final` says no more text will come.
 */
export function RichText({ text, final }: { text: string; final: boolean }) {
  const [stream] = useState(() => new MarkdownStream());
  return (
    <>
      {stream.update(text, final).map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </>
  );
}

const Block = pure(function Block({ block }: { block: BlockNode }) {
  if (block.type === 'paragraph') return <p>{renderInline(block.children)}</p>;
  const items = block.items.map((item, i) => <li key={i}>{renderInline(item)}</li>);
  return block.ordered ? <ol start={block.start === 1 ? undefined : block.start}>{items}</ol> : <ul>{items}</ul>;
});

function renderInline(nodes: Inline[]): ComponentChildren {
  return nodes.map((node, key) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'br':
        return <br key={key} />;
      case 'code':
        return <code key={key}>{node.text}</code>;
      case 'strong':
        return <strong key={key}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={key}>{renderInline(node.children)}</em>;
      case 'link':
        return (
          <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.children)}
          </a>
        );
    }
  });
}
