import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { FaceAttributes } from '../../src/protocol';
import type { FaceOptions } from '../../src/widget/face-options';
import { newTestPage } from '../support/browser';
import { catalogResponder, type Responder, type ShopperMessage } from '../../src/server/index';
import { fakeCameraInitScript, type FakeCameraConfig, type FakeCameraControl, type Scene } from '../support/draw-face';

/** Shadow-piercing selector inside the widget. */
export const inWidget = (selector: string) => `[data-ai-discovery] >> css=${selector}`;

/** What the chat server was asked, recorded by wrapping the real demo catalog responder. */
export function recordingResponder(): { respond: Responder; messages: ShopperMessage[] } {
  const messages: ShopperMessage[] = [];
  const catalog = catalogResponder({ wordDelayMs: 0 });
  return {
    messages,
    respond: (message, context) => {
      messages.push(message);
      return catalog(message, context);
    },
  };
}

export interface FacePage {
  page: Page;
  /** Every URL the page requested (documents, scripts, fetches, websockets), in order. */
  requests: string[];
  /** Uncaught page errors. */
  errors: string[];
}

/** Files of face analysis that must not be fetched before consent. */
export const FACE_FILES = /ai-discovery\.face\.js|\/mediapipe\/|\.wasm|\.tflite/;

/**
 * A page of the demo server with, optionally, the stand-in camera (a canvas stream showing
 * `camera.scene`), recording every request, and exposing the widget's face-analysis and error
 * events as `window.__face` and `window.__widgetErrors` once it starts (`ai-discovery:ready`, or
 * `startWidget` on pages without a script-tag start).
 */
export async function openFacePage(
  browser: Browser,
  url: string,
  options: { camera?: FakeCameraConfig; context?: BrowserContextOptions; init?: string } = {},
): Promise<FacePage> {
  const page = await newTestPage(browser, { reducedMotion: 'reduce', ...options.context });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.camera) await page.addInitScript(fakeCameraInitScript(options.camera));
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__face = [];
    w.__widgetErrors = [];
    w.__watch = (widget: { on: (e: string, l: (v: unknown) => void) => void }) => {
      w.__widget = widget;
      widget.on('face-analysis', (a) => (w.__face as unknown[]).push(a));
      widget.on('error', (e) => (w.__widgetErrors as string[]).push((e as Error).message));
    };
    document.addEventListener('ai-discovery:ready', (e) => (w.__watch as (x: unknown) => void)((e as CustomEvent).detail));
  });
  if (options.init) await page.addInitScript(options.init);
  await page.goto(url);
  return { page, requests, errors };
}

/** On a page without a script-tag start (bare.html): starts the widget with these face options. */
export async function startWidget(page: Page, face: FaceOptions, extra: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(([face, extra]) => {
    const g = (window as unknown as { AIDiscovery: { init: (o: object) => unknown } }).AIDiscovery;
    const widget = g.init({ socketUrl: location.origin, face, ...extra });
    (window as unknown as { __watch: (w: unknown) => void }).__watch(widget);
  }, [face, extra] as const);
}

export const faceEvents = (page: Page) => page.evaluate(() => (window as unknown as { __face: FaceAttributes[] }).__face);
export const widgetErrors = (page: Page) => page.evaluate(() => (window as unknown as { __widgetErrors: string[] }).__widgetErrors);

/** The stand-in camera's control (test/support/face-model/fake-camera.ts) as seen from the test. */
export function camera(page: Page) {
  const control = () => (window as unknown as { __fakeCamera: FakeCameraControl }).__fakeCamera;
  return {
    liveTracks: () => page.evaluate(`(${control.toString()})().liveTracks()`) as Promise<number>,
    tracks: () => page.evaluate(`(${control.toString()})().tracks()`) as Promise<number>,
    calls: () => page.evaluate(`(${control.toString()})().calls()`) as Promise<number>,
    setScene: (scene: Scene) => page.evaluate((s) => (window as unknown as { __fakeCamera: FakeCameraControl }).__fakeCamera.setScene(s), scene),
  };
}

/** Opens the panel and the "Find my fit" consent step. */
export async function openConsent(page: Page): Promise<void> {
  await page.locator(inWidget('.launcher')).click();
  await page.locator(inWidget('.face-entry')).click();
  await page.locator(inWidget('.face h3')).waitFor();
}

/** From the consent step, the camera, until the picture can be taken. */
export async function startCameraUntilReady(page: Page): Promise<void> {
  await page.locator(inWidget('[part="face-consent-camera"]')).click();
  await page.locator(inWidget('[part="face-capture"]:not([aria-disabled])')).waitFor({ timeout: 20_000 });
}

/** From a consent or failure step: picks a photo through the real file chooser. */
export async function uploadPhoto(page: Page, part: string, png: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(inWidget(`[part="${part}"]`)).first().click()]);
  await chooser.setFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
}

/**
 * Waits until the face flow settles on one of its end steps and returns that step. The default
 * allows for the runtime loading twice (the detector's and the landmarker's instance) on a loaded
 * 2-core machine: the built bundles load the landmarker by default.
 */
export async function settled(page: Page, timeout = 60_000): Promise<string> {
  const flow = page.locator(inWidget('.face-flow[data-step="done"], .face-flow[data-step="failed"], .face-flow[data-step="inconclusive"]'));
  await flow.waitFor({ timeout });
  return (await flow.getAttribute('data-step'))!;
}

export const faceMessageText = (page: Page) => page.locator(inWidget('.face-message')).first().textContent();

/** Completed assistant answers in the widget's conversation. */
export const answers = (page: Page) =>
  page.evaluate(() => {
    const widget = (window as unknown as { __widget: { getSnapshot(): { conversation: { entries: { kind: string; streaming?: boolean }[] } } } }).__widget;
    return widget.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant' && !e.streaming).length;
  });

/** Back to the chat, ask something, and wait for the answer: the chat still works. */
export async function chatStillWorks(page: Page): Promise<void> {
  const face = page.locator(inWidget('.face [part="face-back"], .face [part="face-not-now"]'));
  if (await face.count()) await face.first().click();
  const before = await answers(page);
  const input = page.locator(inWidget('.composer input'));
  await input.fill('blue light glasses');
  await input.press('Enter');
  await page.waitForFunction(
    (n) => {
      const widget = (window as unknown as { __widget: { getSnapshot(): { conversation: { entries: { kind: string; streaming?: boolean }[] } } } }).__widget;
      return widget.getSnapshot().conversation.entries.filter((e) => e.kind === 'assistant' && !e.streaming).length > n;
    },
    before,
    { timeout: 15_000 },
  );
  await page.locator(inWidget('.card')).first().waitFor();
}
