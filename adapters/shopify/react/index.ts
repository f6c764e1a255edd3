/*
 * `ai-discovery-widget/react`: the widget as a React component (React 18 and 19), for Shopify
 * Hydrogen storefronts and any other React app. Built to dist/react/index.js, which imports the
 * core from the package's own ESM build so an app that also imports `ai-discovery-widget` gets one
 * copy of it.
 */
export { AIDiscoveryWidget, useAIDiscovery, type AIDiscoveryHandle, type AIDiscoveryState } from './component';
export type { AIDiscoveryWidgetProps } from './options';
export type {
  AddToCartEvent, ChatContext, ChatResponse, ConnectionStatus, FaceAttributes, MessageEvent, ProductEvent, ProductItem,
  SendResult, WidgetError, WidgetEvents, WidgetOptions,
} from '../../../src/index';
