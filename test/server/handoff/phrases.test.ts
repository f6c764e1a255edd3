import { describe, expect, it } from 'vitest';
import { asksForPerson } from '../../../src/server/handoff/phrases';

describe('asking for a person in words', () => {
  it.each([
    'Kundenservice', 'Kundenservice bitte!', 'Service client svp', 'une vraie personne', 'Customer service please',
    'atención al cliente, por favor', 'persona real', 'خدمة العملاء', 'خدمة العملاء من فضلك',
  ])('a word for the service desk on its own asks for a person: %s', (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it.each([
    'Does the Kundenservice deliver on Sunday?',
    'Quels sont les horaires du service client en magasin ?',
    'Is your customer service team based in Europe or in the US?',
    '¿La atención al cliente está abierta el domingo por la tarde?',
    'blue light glasses', 'agent provocateur perfume',
  ])('a question about it, or a product, does not: %s', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });

  it('the request phrases match anywhere in a message, as before', () => {
    expect(asksForPerson('Hi! I ordered last week and would like to talk to a human about it')).toBe(true);
    expect(asksForPerson('Kann ich bitte mit einem Mitarbeiter über meine Bestellung sprechen?')).toBe(true);
  });
});
