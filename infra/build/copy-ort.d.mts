/** Types of copy-ort.mjs (plain JS so that next.config.js can import it). */
export declare const ORT_FILES: string[];
export declare const copyOrt: () => string;
