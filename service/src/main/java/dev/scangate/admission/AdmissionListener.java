package dev.scangate.admission;

import dev.scangate.platform.ApiException;
import dev.scangate.platform.ProblemType;
import dev.scangate.platform.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@code POST /k8s/admission} on a port of its own ({@code scangate.admission.listener.*}),
 * served by a Netty event loop that does nothing else.
 *
 * <p>Why not the main server: there an admission answer waits for a Tomcat worker thread that
 * API calls (SBOM uploads, listings) may hold, and passes the session, security and MVC
 * machinery the API needs and admission does not. Here a digest-pinned review is read,
 * decided from memory and answered on the event-loop thread that read it, without a thread
 * hand-off; only reviews naming an image by tag (which may ask a registry) go to a small pool.
 * TLS comes from a Spring SSL bundle; when the bundle's files change, new connections get the
 * new certificate.
 */
@Component
class AdmissionListener implements SmartLifecycle {

  static final String PATH = "/k8s/admission";
  private static final Logger log = LoggerFactory.getLogger(AdmissionListener.class);
  private static final int TAG_RESOLUTION_THREADS = 8;
  private static final int TAG_RESOLUTION_QUEUE = 512;
  private static final int IDLE_SECONDS = 120;

  private final AdmissionProperties.Listener settings;
  private final AdmissionWebhook webhook;
  private final ObjectProvider<SslBundles> bundles;
  private final Timer answered;
  private final Timer refused;
  /** The TLS context of new connections, made once per bundle version; null for plain HTTP. */
  private final AtomicReference<Tls> tls = new AtomicReference<>();
  private EventLoopGroup group;
  private ExecutorService tagResolution;
  private Channel server;
  private volatile int port = -1;

  AdmissionListener(AdmissionProperties properties, AdmissionWebhook webhook,
      ObjectProvider<SslBundles> bundles, MeterRegistry meters) {
    this.settings = properties.listener();
    this.webhook = webhook;
    this.bundles = bundles;
    this.answered = Timer.builder("scangate.admission.listener.requests")
        .description("Requests on the admission listener").tag("outcome", "answered")
        .register(meters);
    this.refused = Timer.builder("scangate.admission.listener.requests")
        .description("Requests on the admission listener").tag("outcome", "refused")
        .register(meters);
  }

  /** The bound port, or -1 when the listener is off. */
  int port() {
    return port;
  }

  /** Whether the listener serves TLS. */
  boolean secure() {
    return tls.get() != null;
  }

  @Override
  public synchronized void start() {
    if (!settings.enabled() || server != null) {
      return;
    }
    if (settings.sslBundle() != null) {
      SslBundles registry = bundles.getObject();
      tls.set(Tls.of(registry.getBundle(settings.sslBundle())));
      registry.addBundleUpdateHandler(settings.sslBundle(), updated -> {
        tls.set(Tls.of(updated));
        log.info("admission listener: SSL bundle '{}' reloaded; new connections use it",
            settings.sslBundle());
      });
    }
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerSocketChannel> channel = epoll ? EpollServerSocketChannel.class
        : NioServerSocketChannel.class;
    group = new MultiThreadIoEventLoopGroup(settings.threads(),
        new DefaultThreadFactory("admission-listener", true), io);
    tagResolution = new ThreadPoolExecutor(TAG_RESOLUTION_THREADS, TAG_RESOLUTION_THREADS, 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(TAG_RESOLUTION_QUEUE),
        new DefaultThreadFactory("admission-tags", true));
    ((ThreadPoolExecutor) tagResolution).allowCoreThreadTimeOut(true);
    Handler handler = new Handler();
    try {
      server = new ServerBootstrap().group(group).channel(channel)
          .option(ChannelOption.SO_BACKLOG, 4096)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ChannelPipeline pipeline = ch.pipeline();
              Tls context = tls.get();
              if (context != null) {
                pipeline.addLast(context.handler(ch));
              }
              pipeline.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS));
              pipeline.addLast(new HttpServerCodec());
              pipeline.addLast(new HttpServerExpectContinueHandler());
              pipeline.addLast(new Aggregator((int) settings.maxRequestSize().toBytes()));
              pipeline.addLast(handler);
            }
          })
          .bind(settings.address(), settings.port()).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      stopQuietly();
      throw new IllegalStateException("scangate.admission.listener: cannot listen on "
          + settings.address() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    port = ((InetSocketAddress) server.localAddress()).getPort();
    log.info("admission listener: {}://{}:{}{} ({} event-loop threads, {}{})",
        secure() ? "https" : "http", settings.address(), port, PATH, settings.threads(),
        epoll ? "epoll" : "nio", secure() ? OpenSsl.isAvailable() ? ", BoringSSL"
            : ", JDK TLS" : "");
    if (!secure()) {
      log.warn("admission listener serves plain HTTP: Kubernetes calls webhooks over TLS only;"
          + " set scangate.admission.listener.ssl-bundle unless a proxy terminates TLS");
    }
  }

  /**
   * A bundle's TLS context for new connections. Making it is the costly part (the key is put in
   * a key store and read back), so it is made once per bundle version, not per connection.
   * BoringSSL (netty-tcnative) when its native library loads, the JDK's TLS otherwise: the
   * JDK's engine costs several times more per request on this path.
   */
  private record Tls(SslContext context) {

    static Tls of(SslBundle bundle) {
      SslOptions options = bundle.getOptions();
      try {
        SslContextBuilder builder = SslContextBuilder
            .forServer(bundle.getManagers().getKeyManagerFactory())
            .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
        if (options.getCiphers() != null) {
          builder.ciphers(List.of(options.getCiphers()));
        }
        if (options.getEnabledProtocols() != null) {
          builder.protocols(options.getEnabledProtocols());
        }
        return new Tls(builder.build());
      } catch (SSLException e) {
        throw new IllegalStateException("scangate.admission.listener: the SSL bundle cannot"
            + " serve TLS: " + e.getMessage(), e);
      }
    }

    SslHandler handler(SocketChannel channel) {
      return context.newHandler(channel.alloc());
    }
  }

  @Override
  public synchronized void stop() {
    stopQuietly();
  }

  private void stopQuietly() {
    if (server != null) {
      server.close().syncUninterruptibly();
      server = null;
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
    if (tagResolution != null) {
      tagResolution.shutdownNow();
      tagResolution = null;
    }
    port = -1;
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Answers an oversized body with a problem. A keep-alive connection stays open and the rest
   * of the body is read and dropped, as Netty's own 413 does; otherwise the connection closes.
   */
  private static final class Aggregator extends HttpObjectAggregator {

    private final int limit;

    Aggregator(int limit) {
      super(limit);
      this.limit = limit;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      boolean keepAlive = !(oversized instanceof FullHttpMessage)
          && HttpUtil.isKeepAlive(oversized);
      write(ctx, keepAlive, HttpResponseStatus.valueOf(ProblemType.REQUEST_TOO_LARGE.status()
              .value()), ProblemWriter.body(ProblemType.REQUEST_TOO_LARGE,
              "AdmissionReview larger than " + limit + " bytes"
                  + " (scangate.admission.listener.max-request-size)", PATH), true);
    }
  }

  @ChannelHandler.Sharable
  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      long started = System.nanoTime();
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (!request.decoderResult().isSuccess()) {
        refuse(ctx, false, ProblemType.MALFORMED_REQUEST, "malformed HTTP request: "
            + request.decoderResult().cause().getMessage(), started);
        return;
      }
      QueryStringDecoder query = new QueryStringDecoder(request.uri());
      if (!PATH.equals(query.path())) {
        refuse(ctx, keepAlive, ProblemType.NOT_FOUND, "the admission listener serves POST "
            + PATH + " only, not " + query.path(), started);
        return;
      }
      if (!HttpMethod.POST.equals(request.method())) {
        refuse(ctx, keepAlive, ProblemType.METHOD_NOT_ALLOWED, request.method() + " " + PATH
            + " is not supported; Kubernetes sends POST", started);
        return;
      }
      List<String> environments = query.parameters().get("environment");
      String environment = environments == null ? null : environments.get(0);
      AdmissionRequest review;
      try {
        review = webhook.read(ByteBufUtil.getBytes(request.content()));
      } catch (ApiException e) {
        refuse(ctx, keepAlive, e.type(), e.getMessage(), started);
        return;
      }
      if (!webhook.mayResolveTags(review)) {
        answer(ctx, keepAlive, review, environment, started);
        return;
      }
      try {
        tagResolution.execute(() -> answer(ctx, keepAlive, review, environment, started));
      } catch (RejectedExecutionException e) {
        refuse(ctx, keepAlive, ProblemType.ADMISSION_BUSY, TAG_RESOLUTION_QUEUE
            + " admission requests naming images by tag are waiting for their registries;"
            + " pin images by digest to be answered from memory", started);
      }
    }

    private void answer(ChannelHandlerContext ctx, boolean keepAlive, AdmissionRequest review,
        String environment, long started) {
      byte[] body;
      try {
        body = webhook.answer(review, environment);
      } catch (ApiException e) {
        refuse(ctx, keepAlive, e.type(), e.getMessage(), started);
        return;
      } catch (RuntimeException e) {
        log.error("admission listener: unexpected error answering {}", review.uid(), e);
        refuse(ctx, keepAlive, ProblemType.INTERNAL,
            "an unexpected error occurred; see the server log", started);
        return;
      }
      write(ctx, keepAlive, HttpResponseStatus.OK, body, false);
      answered.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private void refuse(ChannelHandlerContext ctx, boolean keepAlive, ProblemType type,
        String detail, long started) {
      write(ctx, keepAlive, HttpResponseStatus.valueOf(type.status().value()),
          ProblemWriter.body(type, detail, PATH), true);
      refused.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof IdleStateEvent) {
        ctx.close();
      } else {
        super.userEventTriggered(ctx, event);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Resets, handshake failures and the like: the connection is of no further use.
      log.debug("admission listener: closing {}: {}", ctx.channel().remoteAddress(),
          cause.toString());
      ctx.close();
    }
  }

  private static void write(ChannelHandlerContext ctx, boolean keepAlive,
      HttpResponseStatus status, byte[] body, boolean problem) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, problem ? "application/problem+json"
            : HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (status.code() == HttpResponseStatus.METHOD_NOT_ALLOWED.code()) {
      response.headers().set(HttpHeaderNames.ALLOW, "POST");
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response);
    }
  }
}
