package dev.scangate.admission;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The promoted digests of every environment, in memory, so that an admission request for a
 * digest-pinned image is answered without a database round trip. Kept current by PostgreSQL
 * {@code LISTEN scangate_promotions} (every promotion change notifies in its transaction) on a
 * connection of its own, plus a full re-read every {@code scangate.admission.refresh-interval}.
 *
 * <p>When PostgreSQL cannot be reached, the last state read stays in use and {@link #health()}
 * says so; the listener reconnects with backoff.
 */
@Component
public class PromotedDigests implements SmartLifecycle {

  static final String CHANNEL = "scangate_promotions";
  private static final Duration LIVENESS_CHECK = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(PromotedDigests.class);

  /** What admission needs of a promotion. */
  public record Promotion(String environment, String digest, String repository, String status,
      Instant atRiskSince) {

    boolean atRisk() {
      return "AT_RISK".equals(status);
    }
  }

  /** Whether the in-memory state is current. */
  public record Health(boolean current, Instant lastRead, int promotions, String problem) {}

  private record State(Map<String, Map<String, Promotion>> byEnvironment, int size) {
    static final State EMPTY = new State(Map.of(), 0);
  }

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final Clock clock;
  private final Duration refreshInterval;
  private volatile State state = State.EMPTY;
  private volatile Instant lastRead;
  private volatile boolean listening;
  private volatile String problem = "not started";
  private volatile boolean running;
  private volatile Thread listener;
  private volatile Connection listenConnection;

  PromotedDigests(JdbcClient jdbc, DataSource dataSource, Clock clock,
      AdmissionProperties properties) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.clock = clock;
    this.refreshInterval = properties.refreshInterval();
  }

  /** The live promotion (ACTIVE or AT_RISK) of {@code digest} to {@code environment}. */
  public Optional<Promotion> find(String environment, String digest) {
    Map<String, Promotion> promoted = state.byEnvironment().get(environment);
    return promoted == null ? Optional.empty() : Optional.ofNullable(promoted.get(digest));
  }

  /** Whether any promotion to {@code environment} is known. */
  public boolean knowsEnvironment(String environment) {
    return state.byEnvironment().containsKey(environment);
  }

  public Health health() {
    boolean current = listening && problem == null;
    return new Health(current, lastRead, state.size(), problem);
  }

  /**
   * Reads every live promotion. On failure the previous state stays and the failure is reported
   * by {@link #health()}.
   *
   * @return whether the read succeeded
   */
  boolean reload() {
    try {
      Map<String, Map<String, Promotion>> next = new HashMap<>();
      int[] size = {0};
      jdbc.sql("""
          select environment, image_digest, repository, status, at_risk_since
            from promotions where status in ('ACTIVE', 'AT_RISK')
          """)
          .query((rs, n) -> new Promotion(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5)
                  .toInstant()))
          .list()
          .forEach(p -> {
            next.computeIfAbsent(p.environment(), e -> new HashMap<>()).merge(p.digest(), p,
                (a, b) -> a.atRisk() ? b : a);
            size[0]++;
          });
      next.replaceAll((env, map) -> Map.copyOf(map));
      state = new State(Map.copyOf(next), size[0]);
      lastRead = clock.instant();
      if (listening) {
        problem = null;
      }
      return true;
    } catch (RuntimeException e) {
      problem = "reading promotions failed: " + e.getMessage();
      log.warn("Reading promotions for admission failed; answering from the state read at {}: {}",
          lastRead, e.getMessage());
      return false;
    }
  }

  @Override
  public void start() {
    running = true;
    reload();
    Thread thread = new Thread(this::listen, "scangate-admission-listener");
    thread.setDaemon(true);
    listener = thread;
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread thread = listener;
    Connection connection = listenConnection;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing to wake the listener; nothing to do on failure
      }
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    long backoffMillis = 500;
    while (running) {
      try (Connection connection = connect()) {
        listenConnection = connection;
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        listening = true;
        if (!reload()) {
          throw new SQLException(problem);
        }
        backoffMillis = 500;
        Instant nextFullRead = clock.instant().plus(refreshInterval);
        Instant nextCheck = clock.instant().plus(LIVENESS_CHECK);
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (!clock.instant().isBefore(nextCheck)) {
            // A silently dropped connection delivers no notifications and no error: ask.
            if (!connection.isValid(5)) {
              throw new SQLException("the listening connection stopped answering");
            }
            nextCheck = clock.instant().plus(LIVENESS_CHECK);
          }
          if (notifications != null && notifications.length > 0) {
            if (!reload()) {
              throw new SQLException(problem);
            }
          } else if (!clock.instant().isBefore(nextFullRead)) {
            if (!reload()) {
              throw new SQLException(problem);
            }
            nextFullRead = clock.instant().plus(refreshInterval);
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (!running) {
          return;
        }
        problem = "listening for promotion changes failed: " + e.getMessage();
        log.warn("Admission lost its promotion feed ({}); answering from the state read at {},"
            + " reconnecting in {} ms", e.getMessage(), lastRead, backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 30_000);
      } finally {
        listenConnection = null;
      }
    }
  }

  /**
   * A connection outside the pool: LISTEN keeps it for good, and a pooled connection held
   * forever would shrink the pool.
   */
  private Connection connect() throws SQLException {
    HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
    Properties props = new Properties();
    if (hikari.getUsername() != null) {
      props.setProperty("user", hikari.getUsername());
    }
    if (hikari.getPassword() != null) {
      props.setProperty("password", hikari.getPassword());
    }
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "30");
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "scangate-admission");
    return DriverManager.getConnection(hikari.getJdbcUrl(), props);
  }
}
