import { useRef, useState } from 'preact/hooks';
import type { ProductItem, ProductsBlock } from '../../protocol/index.js';
import type { AssistantEntry } from '../../conversation/conversation.js';
import type { PanelUi } from './panel-ui.js';

/**
 * Structured content of a response. URLs were checked when the payload was parsed; here they are
 * only ever placed in `href`/`src`, and text only in text nodes.
 */
export function Blocks({ entry, ui }: { entry: AssistantEntry; ui: PanelUi }) {
  const { strings } = ui;
  return (
    <>
      {entry.blocks.map((block, i) => {
        switch (block.type) {
          case 'products':
            return <Carousel key={i} block={block} responseId={entry.id} ui={ui} />;
          case 'quick-replies':
            return (
              <div class="chips" key={i}>
                {block.options.map((option) => (
                  <button type="button" class="chip" part="quick-reply" key={option.value} onClick={() => ui.quickReply(option)}>
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
                    <button type="button" class="chip" part="action" key={j} onClick={() => ui.send(action.value ?? action.label)}>
                      {action.label}
                    </button>
                  ) : (
                    <a class="chip" part="action" key={j} href={action.url} target="_blank" rel="noopener noreferrer">
                      {action.label}
                    </a>
                  ),
                )}
              </div>
            );
        }
      })}
      {entry.requiresAuth && entry.authUrl ? (
        <div class="chips">
          <a class="chip" part="action" href={entry.authUrl} target="_blank" rel="noopener noreferrer">
            {strings.signIn}
          </a>
        </div>
      ) : null}
    </>
  );
}

/**
 * A row of product cards. Arrow keys move between cards (mirrored right to left), and the
 * previous/next buttons page through them for pointer users.
 */
function Carousel({ block, responseId, ui }: { block: ProductsBlock; responseId: string; ui: PanelUi }) {
  const list = useRef<HTMLUListElement>(null);
  const { strings } = ui;
  const step = (direction: 1 | -1) => {
    const el = list.current;
    if (el) el.scrollBy({ left: direction * (ui.dir === 'rtl' ? -1 : 1) * el.clientWidth * 0.8, behavior: 'smooth' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const cards = [...(list.current?.querySelectorAll<HTMLAnchorElement>('.card a:not(.add)') ?? [])];
    const root = list.current?.getRootNode() as ShadowRoot | undefined;
    const current = cards.findIndex((a) => a.closest('li')?.contains(root?.activeElement ?? null));
    const forward = (event.key === 'ArrowRight') !== (ui.dir === 'rtl');
    const next = cards[Math.min(cards.length - 1, Math.max(0, current + (forward ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
      next.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    }
  };
  const many = block.items.length > 2;
  return (
    <div class="carousel" part="products" role="group" aria-label={strings.products}>
      {many ? (
        <button type="button" class="nav prev" aria-label={strings.previous} onClick={() => step(-1)}>
          ‹
        </button>
      ) : null}
      <ul class="products" ref={list} onKeyDown={onKeyDown}>
        {block.items.map((product) => (
          <li key={product.id}>
            <ProductCard product={product} responseId={responseId} ui={ui} />
          </li>
        ))}
      </ul>
      {many ? (
        <button type="button" class="nav next" aria-label={strings.next} onClick={() => step(1)}>
          ›
        </button>
      ) : null}
    </div>
  );
}

type CartState = { s: 'idle' | 'adding' | 'added' } | { s: 'failed'; message: string };

function ProductCard({ product, responseId, ui }: { product: ProductItem; responseId: string; ui: PanelUi }) {
  const { strings } = ui;
  const available = product.available !== false;
  return (
    <article class="card" part="product-card">
      {product.image ? <img src={product.image.url} alt={product.image.alt ?? product.title} loading="lazy" /> : null}
      <div class="body">
        <a href={product.url} onClick={() => ui.productClick(product, responseId)}>
          {product.title}
        </a>
        {product.price ? <span class="price">{formatPrice(product.price.amount, product.price.currency, ui.locale)}</span> : null}
        {available ? null : <span class="stock">{strings.outOfStock}</span>}
        {ui.canAddToCart() ? (
          <CartButton product={product} responseId={responseId} ui={ui} available={available} />
        ) : (
          // Nothing on this page can fill the cart, so a cart button could only pretend: the
          // product page is where the shopper can really buy it.
          <a class="add view" part="view-product" href={product.url} onClick={() => ui.productClick(product, responseId)}>
            {strings.viewProduct}
          </a>
        )}
      </div>
    </article>
  );
}

/** Says "Added to cart" only once the store's cart call said so. */
function CartButton({ product, responseId, ui, available }: { product: ProductItem; responseId: string; ui: PanelUi; available: boolean }) {
  const { strings } = ui;
  const [cart, setCart] = useState<CartState>({ s: 'idle' });
  const add = () => {
    setCart({ s: 'adding' });
    ui.addToCart(product, responseId).then(
      // Handed to listeners that gave nothing to wait for: claim nothing, the store's page answers.
      (result) => setCart({ s: result === 'unconfirmed' ? 'idle' : 'added' }),
      // The store's own words when it gave any ("Only 2 left"), else ours.
      (error: unknown) => setCart({ s: 'failed', message: (error instanceof Error && error.message) || strings.addFailed }),
    );
  };
  return (
    <>
      <button type="button" class="add" part="add-to-cart" disabled={!available || cart.s === 'adding'} aria-busy={cart.s === 'adding'} onClick={add}>
        {cart.s === 'adding' ? strings.adding : cart.s === 'added' ? strings.added : strings.addToCart}
      </button>
      {/* Announced, since the button's own label change is not read out by every screen reader. */}
      <span class="cart-note" role="status">
        {cart.s === 'failed' ? cart.message : ''}
      </span>
    </>
  );
}

export function formatPrice(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
