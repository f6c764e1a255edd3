/**
 * The part of Magento_Customer/js/customer-data the component uses. Sections are knockout
 * observables: call one to read it, `subscribe` to hear about changes.
 */
export interface SectionObservable {
  (): unknown;
  subscribe(callback: (value: unknown) => void): { dispose(): void };
}

export interface CustomerData {
  get(section: string): SectionObservable;
  /**
   * Fetches sections from /customer/section/load/ and updates their observables. Magento returns a
   * jQuery promise (a thenable) that resolves with the sections by name.
   */
  reload(sections: string[], forceNewSectionTimestamp?: boolean): PromiseLike<unknown>;
}
