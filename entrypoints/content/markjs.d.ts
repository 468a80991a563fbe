declare module 'mark.js' {
  interface MarkRange {
    start: number;
    length: number;
    [key: string]: unknown;
  }
  interface MarkOptions {
    element?: string;
    className?: string;
    exclude?: string[];
    iframes?: boolean;
    debug?: boolean;
    each?: (element: HTMLElement, range: MarkRange) => void;
    filter?: (...args: unknown[]) => boolean;
    noMatch?: (...args: unknown[]) => void;
    done?: (count: number) => void;
  }
  class Mark {
    constructor(context: Element | Element[] | NodeList | string);
    markRanges(ranges: MarkRange[], options?: MarkOptions): void;
    markRegExp(re: RegExp, options?: MarkOptions): void;
    unmark(options?: MarkOptions): void;
  }
  export default Mark;
}
