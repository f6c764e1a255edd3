/**
 * The `data` of each server-sent event in a response body, as the EventSource specification
 * splits them: events end at a blank line, `data:` lines of one event are joined with newlines,
 * comments (`:`) and other fields are skipped, CRLF, CR and LF all end a line.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  // Streaming mode keeps a multi-byte character split across two reads whole.
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      // The last piece may be half a line (or a CR whose LF is still on its way).
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
    }
    if (buffer.startsWith('data:')) data.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5));
    if (data.length > 0) yield data.join('\n');
  } finally {
    // Stopping early (cancel, [DONE]) must close the upstream connection, not leave it streaming.
    await reader.cancel().catch(() => undefined);
  }
}
