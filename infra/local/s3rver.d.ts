declare module "s3rver" {
  type Options = {
    address?: string;
    port?: number;
    directory: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[];
  };
  export default class S3rver {
    constructor(options: Options);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** Koa's middleware list, composed when the server starts listening. */
    middleware: ((ctx: never, next: () => Promise<unknown>) => unknown)[];
    store: {
      getResourcePath(bucket: string, key: string | undefined, resource: string): string;
      putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
    };
  }
}

declare module "s3rver/lib/middleware/authentication.js" {
  /** s3rver's request-signature check, as Koa middleware. */
  const authentication: () => (ctx: object, next: () => Promise<unknown>) => Promise<unknown>;
  export default authentication;
}

declare module "s3rver/lib/middleware/cors.js" {
  /** s3rver's CORS handling from the bucket's rules, as Koa middleware. */
  const cors: () => (ctx: object, next: () => Promise<unknown>) => Promise<unknown>;
  export default cors;
}

declare module "s3rver/lib/models/error.js" {
  export default class S3Error extends Error {
    constructor(code: string, message?: string, detail?: Record<string, string>);
  }
}
