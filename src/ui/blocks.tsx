import type { ProductItem } from '../protocol';
import type { AssistantEntry } from '../conversation/conversation';
import type { UiController } from './types';

/**
 * Structured content of a response. URLs were checked when the payload was parsed; here they are
 * only ever placed in `href`/`src`, and text only in text nodes.
 */
export function Blocks({ entry, controller }: { entry: AssistantEntry; controller: UiController }) {
  return (
    <>
      {entry.blocks.map((block, i) => {
        switch (block.type) {
          case 'products':
            return (
              <div class="products" key={i} part="products">
                {block.items.map((product) => (
                  <ProductCard key={product.id} product={product} responseId={entry.id} controller={controller} />
                ))}
              </div>
            );
          case 'quick-replies':
            return (
              <div class="chips" key={i}>
                {block.options.map((option) => (
                  <button type="button" class="chip" key={option.value} onClick={() => controller.quickReply(option)}>
                    {option.label}
                  </button>
                ))}
              </div>
            );
          case 'image':
            return <img class="block-image" key={i} src={block.url} alt={block.alt ?? ''} loading="lazy" />;
          case 'actions':
            return (
              <div class="chips" key={i}>
                {block.items.map((action, j) =>
                  action.kind === 'message' ? (
                    <button type="button" class="chip" key={j} onClick={() => controller.send(action.value ?? action.label)}>
                      {action.label}
                    </button>
                  ) : (
                    <a class="chip" key={j} href={action.url} target="_blank" rel="noopener noreferrer">
                      {action.label}
                    </a>
                  ),
                )}
              </div>
            );
        }
      })}
    </>
  );
}

function ProductCard({ product, responseId, controller }: { product: ProductItem; responseId: string; controller: UiController }) {
  const { strings } = controller;
  const available = product.available !== false;
  return (
    <article class="card" part="product-card">
      {product.image ? <img src={product.image.url} alt={product.image.alt ?? product.title} loading="lazy" /> : null}
      <div class="body">
        <a href={product.url} onClick={() => controller.productClick(product, responseId)}>
          {product.title}
        </a>
        {product.price ? <span class="price">{formatPrice(product.price.amount, product.price.currency)}</span> : null}
        <button type="button" class="add" disabled={!available} onClick={() => controller.addToCart(product, responseId)}>
          {available ? strings.addToCart : strings.outOfStock}
        </button>
      </div>
    </article>
  );
}

function formatPrice(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
