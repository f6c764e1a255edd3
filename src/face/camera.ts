import { cameraError, FaceError } from './errors.js';

/**
 * The front camera in a muted, inline `<video>`. `stop()` ends every track at once (the camera
 * light goes off) and is safe to call at any time, also while `start()` is still waiting for the
 * shopper's answer: the stream that arrives later is stopped on arrival.
 */
export class Camera {
  readonly video: HTMLVideoElement;
  private stream: MediaStream | undefined;
  private stopped = false;

  constructor(private readonly doc: Document) {
    this.video = doc.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.setAttribute('playsinline', '');
    this.video.className = 'face-video';
  }

  /** Asks for the camera and starts the preview; rejects with a FaceError the shopper can be told. */
  async start(): Promise<void> {
    const devices = this.doc.defaultView?.navigator.mediaDevices;
    // Insecure pages (http) have no mediaDevices at all.
    if (!devices?.getUserMedia) throw new FaceError('no-camera', 'This page cannot use a camera (no navigator.mediaDevices)');
    let stream: MediaStream;
    try {
      stream = await devices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (error) {
      throw cameraError(error);
    }
    if (this.stopped) {
      stopTracks(stream);
      throw new FaceError('closed', 'The camera was closed while starting');
    }
    this.stream = stream;
    this.video.srcObject = stream;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        this.video.removeEventListener('loadeddata', done);
        resolve();
      };
      if (this.video.readyState >= 2) resolve();
      else this.video.addEventListener('loadeddata', done);
      this.video.play().catch((error: unknown) => {
        this.video.removeEventListener('loadeddata', done);
        reject(this.stopped ? new FaceError('closed', 'The camera was closed while starting') : cameraError(error));
      });
    });
  }

  get width(): number {
    return this.video.videoWidth;
  }

  get height(): number {
    return this.video.videoHeight;
  }

  /** Ends the tracks and detaches the stream. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.stream) stopTracks(this.stream);
    this.stream = undefined;
    this.video.pause();
    this.video.srcObject = null;
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
