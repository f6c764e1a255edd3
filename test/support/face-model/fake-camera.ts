import type { Scene } from '../draw-face';

/**
 * A stand-in camera for browser tests: `navigator.mediaDevices.getUserMedia({ video })` answers
 * with the capture stream of an off-screen canvas on which a `Scene` is repainted `fps` times a
 * second. It is not a camera and not Chromium's fake device: it lets a test choose what the
 * "camera" sees, change it mid-flow, refuse access, and check that every track was stopped.
 */
export interface FakeCameraConfig {
  /** What the camera shows first. */
  readonly scene: Scene;
  /** Repaints (and so frames) per second. @default 15 */
  readonly fps?: number;
  /**
   * Make getUserMedia reject with a DOMException of this name, as browsers do when the shopper
   * refuses ('NotAllowedError') or there is no camera ('NotFoundError'). @default undefined
   */
  readonly deny?: 'NotAllowedError' | 'NotFoundError' | 'NotReadableError' | 'SecurityError';
}

/** `window.__fakeCamera` in a page set up with `fakeCameraInitScript`. */
export interface FakeCameraControl {
  /** How many times getUserMedia was called. */
  calls(): number;
  /** The constraints of each call. */
  constraints(): MediaStreamConstraints[];
  /** Tracks handed out that are still live (not stopped). */
  liveTracks(): number;
  /** Tracks handed out in total. */
  tracks(): number;
  /** Changes what every live fake camera shows from its next frame on. */
  setScene(scene: Scene): void;
  /** From the next call on, reject (a DOMException name) or, with null, grant. */
  setDeny(name: FakeCameraConfig['deny'] | null): void;
}

/**
 * Installs the fake camera. Runs in the page before its scripts: it must stay self-contained,
 * `fakeCameraInitScript` ships it as source text with `paint` (draw-face's `paintScene`).
 */
export function installFakeCamera(paint: (canvas: HTMLCanvasElement, scene: Scene) => void, config: FakeCameraConfig): void {
  const devices = navigator.mediaDevices;
  // Insecure origins have no mediaDevices; leave them as they are, like a real browser.
  if (!devices) return;
  const fps = config.fps ?? 15;
  let scene = config.scene;
  let deny: string | null = config.deny ?? null;
  const handed: MediaStreamTrack[] = [];
  const asked: MediaStreamConstraints[] = [];
  const control: FakeCameraControl = {
    calls: () => asked.length,
    constraints: () => asked.slice(),
    liveTracks: () => handed.filter((t) => t.readyState === 'live').length,
    tracks: () => handed.length,
    setScene: (next) => {
      scene = next;
    },
    setDeny: (name) => {
      deny = name ?? null;
    },
  };
  (window as unknown as { __fakeCamera: FakeCameraControl }).__fakeCamera = control;
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    asked.push(JSON.parse(JSON.stringify(constraints ?? {})) as MediaStreamConstraints);
    if (deny) throw new DOMException(`fake camera: ${deny}`, deny);
    if (!constraints?.video) throw new TypeError('fake camera: only video is offered');
    if (constraints.audio) throw new DOMException('fake camera: no microphone', 'NotFoundError');
    const canvas = document.createElement('canvas');
    paint(canvas, scene);
    const stream = canvas.captureStream(fps);
    const timer = setInterval(() => paint(canvas, scene), 1000 / fps);
    for (const track of stream.getVideoTracks()) {
      const stop = track.stop.bind(track);
      track.stop = () => {
        clearInterval(timer);
        stop();
      };
      handed.push(track);
    }
    return stream;
  };
  devices.enumerateDevices = async () =>
    [{ deviceId: 'fake-camera', groupId: 'fake-camera', kind: 'videoinput', label: 'Fake camera (canvas)', toJSON: () => ({}) }] as unknown as MediaDeviceInfo[];
}
