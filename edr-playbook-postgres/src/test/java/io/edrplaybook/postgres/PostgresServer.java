package io.edrplaybook.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary directory, started on a
 * free loopback port, stopped and deleted by {@link #close} (and by a shutdown hook). When the build
 * runs as root, the server runs as the {@code postgres} user through {@code runuser}, because
 * PostgreSQL refuses root. {@link #shared()} is one server for the whole test run.
 */
public final class PostgresServer implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path binDir;
  private final Path base;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;
  private final boolean durable;
  private final String extraOptions;
  private boolean running;

  private PostgresServer(Path binDir, Path base, int port, boolean asPostgresUser, boolean durable,
      String extraOptions) {
    this.durable = durable;
    this.extraOptions = extraOptions;
    this.binDir = binDir;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Returns the server shared by every test class of this run, started at the first call. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** Starts a server of its own (a test that restarts or stops it must not share it). */
  public static PostgresServer start() {
    return start(false);
  }

  /**
   * Starts a server of its own.
   *
   * @param durable PostgreSQL's default durability (fsync, full page writes) as in production, for
   *     measures; false for tests (no fsync: faster, and a test never outlives its server)
   */
  public static PostgresServer start(boolean durable) {
    return start(durable, "");
  }

  /**
   * Starts a server of its own with extra server options (for measures, e.g.
   * {@code -c shared_preload_libraries=pg_stat_statements}).
   *
   * @param durable see {@link #start(boolean)}
   * @param extraOptions appended to the server's command line options; empty for none
   */
  public static PostgresServer start(boolean durable, String extraOptions) {
    Path bin = PostgresBinaries.find();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      // as root, under /tmp: the postgres user must be able to reach the directory
      Path base = root ? Files.createTempDirectory(Path.of("/tmp"), "edr-pg-") : Files.createTempDirectory("edr-pg-");
      PostgresServer server = new PostgresServer(bin, base, freePort(), root, durable, extraOptions);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "edr-pg-stop"));
      server.init();
      server.startServer();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a temporary PostgreSQL server", e);
    }
  }

  /** Returns the port the server listens on, at 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Creates a new, empty database and returns its JDBC URL (user postgres, no password). */
  public String newDatabase() {
    String name = "edr_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** Returns the JDBC URL of database {@code name} on this server. */
  public String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
  }

  /**
   * Returns the CPU time the server's processes (the postmaster and its children) have used so
   * far, in nanoseconds, from {@code /proc}; -1 where {@code /proc} cannot tell.
   */
  public long cpuNanos() {
    try {
      long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
      long ticks = 0;
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          String stat;
          try {
            stat = Files.readString(p.resolve("stat"));
          } catch (IOException e) {
            continue; // it ended
          }
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(name);
          long ppid = Long.parseLong(f[1]);
          if (pid == postmaster || ppid == postmaster) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
          }
        }
      }
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  public synchronized void stop() {
    if (running) {
      pgCtl("stop", "-m", "fast", "-w", "-t", "60");
      running = false;
    }
  }

  /** Stops the server as a crash would (immediate shutdown: no checkpoint), keeping its data. */
  public synchronized void crash() {
    if (running) {
      pgCtl("stop", "-m", "immediate", "-w", "-t", "60");
      running = false;
    }
  }

  /** Starts the server again after {@link #stop}, on the same port. */
  public synchronized void restart() {
    if (!running) {
      startServer();
    }
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      if (running) {
        pgCtl("stop", "-m", "immediate", "-w", "-t", "60");
        running = false;
      }
    } catch (RuntimeException e) {
      System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
    } finally {
      deleteTree(base);
    }
  }

  private void init() throws IOException {
    Files.createDirectories(data);
    if (asPostgresUser) {
      run(List.of("chown", "-R", "postgres:postgres", base.toString()));
    }
    run(command(binDir.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-sync"));
  }

  private synchronized void startServer() {
    String options = "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c max_connections=200"
        + (durable ? "" : " -c fsync=off -c full_page_writes=off")
        + (extraOptions.isBlank() ? "" : " " + extraOptions);
    pgCtl("start", "-w", "-t", "60", "-l", base.resolve("server.log").toString(), "-o", options);
    running = true;
  }

  private void pgCtl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString()));
    cmd.addAll(List.of(args));
    run(command(cmd.toArray(String[]::new)));
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    if (asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  private void run(List<String> cmd) {
    try {
      Path out = Files.createTempFile("edr-pg-cmd-", ".log");
      try {
        // output to a file: the server started by pg_ctl must not hold a pipe of this JVM open
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", cmd) + " did not end within 120 s");
        }
        if (p.exitValue() != 0) {
          String log = Files.readString(out, StandardCharsets.UTF_8);
          Path serverLog = base.resolve("server.log");
          if (Files.isReadable(serverLog)) {
            log += "\nserver.log:\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
          }
          throw new IllegalStateException(String.join(" ", cmd) + " failed with exit code " + p.exitValue()
              + ":\n" + log);
        }
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
