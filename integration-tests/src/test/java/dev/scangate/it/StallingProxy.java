package dev.scangate.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the real registry that can hold connections open without answering,
 * so a worker is reliably in the middle of a job when the test kills it.
 */
final class StallingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final CountDownLatch passThrough = new CountDownLatch(1);
  private final AtomicInteger held = new AtomicInteger();
  private volatile boolean closed;

  StallingProxy(String target) throws IOException {
    int colon = target.lastIndexOf(':');
    this.targetHost = target.substring(0, colon);
    this.targetPort = Integer.parseInt(target.substring(colon + 1));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "stalling-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Connections accepted while holding. */
  int held() {
    return held.get();
  }

  /** From now on, relay every connection (held ones stay held until their client gives up). */
  void release() {
    passThrough.countDown();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        boolean relay = passThrough.getCount() == 0;
        if (!relay) {
          held.incrementAndGet();
        }
        Thread t = new Thread(() -> handle(client, relay), "stalling-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client, boolean relay) {
    try (client) {
      if (!relay) {
        // Hold: read and discard until the client goes away; never answer.
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
          passThrough.await(10, TimeUnit.MILLISECONDS);
        }
        return;
      }
      try (Socket upstream = new Socket(targetHost, targetPort)) {
        Thread up = new Thread(() -> pipe(client, upstream), "stalling-proxy-up");
        up.setDaemon(true);
        up.start();
        pipe(upstream, client);
        up.join(1000);
      }
    } catch (IOException | InterruptedException e) {
      // connection ended
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
