package dev.scangate.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads give up when no bytes arrive for
 * {@code idleTimeout}. {@code java.net.http}'s request timeout stops at the response headers; a
 * registry (or proxy) that sends headers and then stalls would otherwise block a worker forever.
 * On timeout the HTTP subscription is cancelled, which closes the connection.
 *
 * <p>Backpressure: one chunk list is requested at a time, so a slow reader never makes the client
 * buffer a whole layer.
 */
final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

  private static final Object END = new Object();

  private final Duration idleTimeout;
  private final String source;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private Iterator<ByteBuffer> chunks;
  private ByteBuffer current;
  private boolean eof;
  private volatile boolean closed;

  /**
   * @param source what is being read, for the timeout message (a URL without credentials)
   */
  IdleTimeoutBody(Duration idleTimeout, String source) {
    this.idleTimeout = idleTimeout;
    this.source = source;
  }

  static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout, String source) {
    return info -> new IdleTimeoutBody(idleTimeout, source);
  }

  private record Failure(Throwable cause) {
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedStage(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.complete(s) || closed) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.offer(item);
  }

  @Override
  public void onError(Throwable throwable) {
    queue.offer(new Failure(throwable));
  }

  @Override
  public void onComplete() {
    queue.offer(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  @SuppressWarnings("unchecked")
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed: " + source);
    }
    if (len == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (chunks != null && chunks.hasNext()) {
        current = chunks.next();
        continue;
      }
      if (eof) {
        return -1;
      }
      Object item;
      try {
        item = queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new InterruptedIOException("interrupted while reading " + source);
      }
      if (item == null) {
        close();
        throw new SocketTimeoutException("no data for " + idleTimeout.toMillis()
            + " ms (readTimeout) from " + source);
      }
      if (item == END) {
        eof = true;
        return -1;
      }
      if (item instanceof Failure failure) {
        eof = true;
        throw failure.cause() instanceof IOException io ? new IOException(
            "reading " + source + ": " + io.getMessage(), io)
            : new IOException("reading " + source, failure.cause());
      }
      chunks = ((List<ByteBuffer>) item).iterator();
      subscription.join().request(1);
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.remaining();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscription.thenAccept(Flow.Subscription::cancel);
    queue.clear();
  }
}
