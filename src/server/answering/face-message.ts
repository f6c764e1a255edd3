import type { FaceAnalysisRequest, FaceAttributes } from '../../protocol/index.js';
import { faceMessagesFor } from '../catalog/i18n/face-messages.js';
import type { ShopperMessage } from './responder-types.js';

/**
 * The text a `face-analysis` carries to responders: neutral, so it says nothing about the face
 * when a responder or a log (with `logMessageText`) shows it.
 */
export const FACE_ANALYSIS_TEXT = 'Find products that suit me';

/** A validated `face-analysis` as the shopper message responders answer. */
export function faceMessage(request: FaceAnalysisRequest, now: number): ShopperMessage {
  return { id: request.id, sessionId: request.sessionId, text: FACE_ANALYSIS_TEXT, sentAt: now, face: request.attributes };
}

/**
 * How a skin tone band is written in sentences of `locale`'s language ("very light", "très
 * claire"), from the catalog answers' table so there is one place per word.
 */
export function bandWords(band: NonNullable<FaceAttributes['skinTone']>['band'], locale: unknown = 'en'): string {
  return faceMessagesFor(locale).bands[band];
}

/**
 * The attributes as one sentence, for responders that talk to something that reads text (a model,
 * a store's `/api/chat`). Only what the widget derived on the device; nothing else about the
 * shopper.
 */
export function describeFace(face: FaceAttributes): string {
  const parts: string[] = [];
  if (face.faceShape !== undefined) parts.push(`face shape ${face.faceShape}`);
  if (face.skinTone !== undefined) {
    const { band, ita, monk } = face.skinTone;
    parts.push(`skin tone ${bandWords(band)} (ITA ${Math.round(ita)} degrees, Monk scale ${monk} of 10)`);
  }
  const found = parts.length > 0 ? parts.join(', ') : 'neither a face shape nor a skin tone could be told';
  return `On-device face analysis (shared with consent): ${found}; confidence ${Math.round(face.confidence * 100)}%, image quality ${face.quality}.`;
}

/** What a text-reading responder should be told: the message, and for face analysis the sentence. */
export function responderText(message: ShopperMessage): string {
  return message.face === undefined ? message.text : `${message.text}. ${describeFace(message.face)}`;
}
