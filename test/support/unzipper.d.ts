// The part of unzipper (no @types package here) the tests use to read a zip back.
declare module 'unzipper' {
  interface ZipEntry { path: string; type: 'File' | 'Directory'; buffer(): Promise<Buffer> }
  export const Open: { buffer(data: Buffer): Promise<{ files: ZipEntry[] }>; file(path: string): Promise<{ files: ZipEntry[] }> };
}
