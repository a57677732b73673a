package io.edrplaybook.benchmarks.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.postgres.PostgresJournal;
import io.edrplaybook.postgres.PostgresServer;
import io.edrplaybook.spi.ScriptRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL journal on a PostgreSQL server on this machine, with PostgreSQL's default
 * durability (fsync on): a throwaway server the measure starts itself, or {@code -Dbench.pg.url}.
 * Measured: one claim's round trip (one thread, p50 of N claims of new keys); end to end, MALICIOUS
 * events each triggering one run of the trivial script on one engine, until every run has its
 * terminal record in the journal (classify, claim, start and end: four writes per run, which the
 * journal's group commit puts into transactions shared with other runs), fed by 8 threads ({@code -Dbench.pg.submitters}); and the same with three engines on one
 * database at once, the events split between them. Each engine has its own pool of 32 connections.
 *
 * <p>Knobs for {@code report --only pg}: {@code -Dbench.pg.runs=N} (runs per round),
 * {@code -Dbench.pg.rounds=N}, {@code -Dbench.pg.writers=N -Dbench.pg.maxBatch=N} (the journal's group
 * commit; writers 0 writes each call alone), {@code -Dbench.pg.serverOptions="-c …"} (extra options of the
 * throwaway server, e.g. to load {@code pg_stat_statements}); with {@code -Dbench.pg.url} each round uses tables of its own (a
 * table prefix per round) in the given database.
 */
public final class PostgresMeasure {
  private static final int WINDOW = 512;
  private static final int SUBMITTERS = Integer.getInteger("bench.pg.submitters", 8);
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private PostgresMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws Exception {
    String given = System.getProperty("bench.pg.url");
    boolean durable = !"false".equals(System.getProperty("bench.pg.durable"));
    PostgresServer server = given == null ? PostgresServer.start(durable, System.getProperty("bench.pg.serverOptions", ""))
        : null;
    ScriptRunner runner = Runners.create("jython", Map.of()).orElse(new NoopRunner());
    String runnerId = runner.id();
    try {
      claims(quick, table, place(given, server, "c"));
      submits(quick, table, runner, runnerId, place(given, server, "s"));
      Samples one = new Samples();
      Samples three = new Samples();
      Samples jvmCpu = new Samples();
      Samples dbCpu = new Samples();
      int runs = Integer.getInteger("bench.pg.runs", quick ? 8_000 : 20_000);
      // warm up until the JIT is quiet: it compiles pgjdbc's, the engine's and Jython's paths for tens of
      // seconds on 2 cores (C2 took a whole core in the timed rounds after a warm-up of 8 000 runs)
      int[] warm = {0};
      int warmRounds = Jit.warmUntilQuiet(() -> endToEnd(runner, runnerId, warm[0] % 2 == 0 ? 1 : 3, Math.max(runs, 8_000),
          place(given, server, "w" + warm[0]++), null, null), quick ? 45 : 90);
      int rounds = Integer.getInteger("bench.pg.rounds", quick ? 3 : 5);
      Samples jvmCpu3 = new Samples();
      Samples dbCpu3 = new Samples();
      Jit jit = Jit.watch();
      for (int r = 0; r < rounds; r++) {
        long jvm0 = OS.getProcessCpuTime();
        one.add(endToEnd(runner, runnerId, 1, runs, place(given, server, "a" + r), server, dbCpu));
        jvmCpu.add((double) (OS.getProcessCpuTime() - jvm0) / runs);
        jvm0 = OS.getProcessCpuTime();
        three.add(endToEnd(runner, runnerId, 3, runs, place(given, server, "b" + r), server, dbCpu3));
        jvmCpu3.add((double) (OS.getProcessCpuTime() - jvm0) / runs);
      }
      double jitShare = jit.share();
      table.row("postgres: end to end, 1 engine, runs/s", Table.num(one.median()),
          Table.num(one.percentile(0)) + " (min)", "", rounds + " rounds of " + runs + " runs on " + runnerId
          + "; 4 writes per run (classify, claim, start, end), group-committed; after " + warmRounds
          + " warm-up rounds, JIT " + Math.round(jitShare * 100) + "% of the timed rounds");
      table.key("e2e_pg_jit_share", Math.rint(jitShare * 1000) / 1000);
      table.target("e2e_pg_runs_per_s", Math.rint(one.median()), ">=", 2_000);
      table.row("postgres: CPU per run, 1 engine", Table.time(jvmCpu.median()) + " JVM",
          dbCpu.size() > 0 ? Table.time(dbCpu.median()) + " server" : "", "",
          "the engine's JVM and the PostgreSQL server's processes" + (durable ? ", fsync on" : ", fsync off"));
      table.key("e2e_pg_jvm_cpu_us_per_run", Math.rint(jvmCpu.median() / 100) / 10);
      if (dbCpu.size() > 0) {
        table.key("e2e_pg_server_cpu_us_per_run", Math.rint(dbCpu.median() / 100) / 10);
      }
      table.row("postgres: end to end, 3 engines on one database, runs/s", Table.num(three.median()),
          Table.num(three.percentile(0)) + " (min)", "", "the same runs split between 3 engines in this JVM");
      table.row("postgres: CPU per run, 3 engines", Table.time(jvmCpu3.median()) + " JVM",
          dbCpu3.size() > 0 ? Table.time(dbCpu3.median()) + " server" : "", "", "");
      table.target("e2e_pg3_runs_per_s", Math.rint(three.median()), ">=", Math.rint(one.median()));
    } finally {
      runner.close();
      if (server != null) {
        server.close();
      }
    }
  }

  /** Where a round's tables go: a new database on the measure's own server, else a prefix of its own. */
  private record Place(String url, String prefix) {}

  private static Place place(String given, PostgresServer server, String round) {
    return given == null ? new Place(server.newDatabase(), "edr_")
        : new Place(given, "b" + ProcessHandle.current().pid() + round + "_");
  }

  private static void claims(boolean quick, Table table, Place place) {
    String url = place.url();
    int n = quick ? 2_000 : 10_000;
    Samples nanos = new Samples();
    try (HikariDataSource pool = pool(url); PostgresJournal journal =
        PostgresJournal.builder(pool).tablePrefix(place.prefix()).open()) {
      for (int i = 0; i < n + n / 5; i++) {
        Invocation inv = new Invocation("claim-" + i, "ev-" + i, Workloads.ORG, Classification.MALICIOUS,
            "IM Notification", "SOC Slack", "notify.py", "bench", "jb-1", false, 1);
        long t0 = System.nanoTime();
        if (!journal.claim(inv).granted()) {
          throw new IllegalStateException("a new key was not granted: " + inv.runKey());
        }
        long took = System.nanoTime() - t0;
        if (i >= n / 5) {
          nanos.add(took); // the first fifth warms the JIT and the server's plan cache
        }
      }
    }
    table.latency("postgres: one claim (insert-if-absent), 1 thread", nanos, "", "one round trip");
    table.target("pg_claim_p50_us", Math.rint(nanos.median() / 100) / 10, "<=", 1_000);
  }

  /**
   * One engine, one thread: how long {@code submit()} takes to return for a new event (it returns
   * once the event's classification and the claims of its runs are committed), p50 after a fifth
   * as warm-up; each run ends before the next event is submitted.
   */
  private static void submits(boolean quick, Table table, ScriptRunner runner, String runnerId, Place place)
      throws Exception {
    int n = quick ? 1_000 : 5_000;
    Samples nanos = new Samples();
    try (HikariDataSource pool = pool(place.url()); PostgresJournal journal =
        PostgresJournal.builder(pool).tablePrefix(place.prefix()).open();
        CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(runner)
            .defaultRunner(runnerId).journal(journal).defaultTimeout(Duration.ofSeconds(30))
            .configuration(Workloads.endToEnd(runnerId)).build()) {
      for (int i = 0; i < n + n / 5; i++) {
        SecurityEvent e = Workloads.event("submit-" + i, "g" + (i % 100), Classification.MALICIOUS);
        long t0 = System.nanoTime();
        java.util.concurrent.CompletionStage<io.edrplaybook.api.EventOutcome> outcome = engine.submit(e);
        long took = System.nanoTime() - t0;
        if (outcome.toCompletableFuture().get(30, TimeUnit.SECONDS).results().size() != 1) {
          throw new IllegalStateException("event " + e.id() + " did not run its one row once");
        }
        if (i >= n / 5) {
          nanos.add(took);
        }
      }
    }
    table.latency("postgres: submit() of a new event, 1 thread", nanos, "",
        "returns once its classification and claim are committed");
    table.key("pg_submit_p50_us", Math.rint(nanos.median() / 100) / 10);
  }

  /** One round; with {@code server}, adds the server's CPU per run to {@code serverCpu}. */
  private static double endToEnd(ScriptRunner runner, String runnerId, int engines, int runs, Place place,
      PostgresServer server, Samples serverCpu) throws Exception {
    String url = place.url();
    List<HikariDataSource> pools = new ArrayList<>();
    List<PostgresJournal> journals = new ArrayList<>();
    List<CorePlaybookEngine> started = new ArrayList<>();
    try {
      for (int k = 0; k < engines; k++) {
        HikariDataSource pool = pool(url);
        pools.add(pool);
        PostgresJournal.Builder b = PostgresJournal.builder(pool).tablePrefix(place.prefix());
        if (System.getProperty("bench.pg.writers") != null) {
          b.groupCommit(Integer.getInteger("bench.pg.writers"), Integer.getInteger("bench.pg.maxBatch", 64));
        }
        PostgresJournal journal = b.open();
        journals.add(journal);
        started.add(CorePlaybookEngine.builder().discoverRunners(false).runner(runner).defaultRunner(runnerId)
            .journal(journal).defaultTimeout(Duration.ofSeconds(30)).laneConcurrency(32)
            .configuration(Workloads.endToEnd(runnerId)).build());
      }
      SecurityEvent[] events = new SecurityEvent[runs];
      for (int i = 0; i < runs; i++) {
        events[i] = Workloads.event("pg-" + i, "g" + (i % 100), Classification.MALICIOUS);
      }
      // the pools open their connections in the background: let them, so that the round measures runs,
      // not 32 connection set-ups (backend starts) per engine
      for (HikariDataSource pool : pools) {
        awaitFull(pool);
      }
      // read while the pools are open: a backend's CPU time leaves /proc with its connection
      long db0 = server == null ? -1 : server.cpuNanos();
      // submit() writes the classification and the claims before it returns: a host feeds an engine
      // from several threads, so that their commits share the database's WAL flushes. Each engine is
      // fed as the one engine is (its own threads and window: three nodes, each with its own event
      // feed), unless -Dbench.pg.feeders=shared (the same threads and window for all engines)
      int groups = "shared".equals(System.getProperty("bench.pg.feeders")) ? 1 : engines;
      Semaphore[] windows = new Semaphore[groups];
      AtomicInteger[] next = new AtomicInteger[groups];
      for (int g = 0; g < groups; g++) {
        windows[g] = new Semaphore(WINDOW);
        next[g] = new AtomicInteger(g);
      }
      ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS * groups);
      CpuBreakdown cpu = CpuBreakdown.start();
      long t0 = System.nanoTime();
      for (int g = 0; g < groups; g++) {
        Semaphore window = windows[g];
        AtomicInteger mine = next[g];
        for (int t = 0; t < SUBMITTERS; t++) {
          submitters.execute(() -> {
            for (int i = mine.getAndAdd(groups); i < runs; i = mine.getAndAdd(groups)) {
              window.acquireUninterruptibly();
              started.get(i % engines).submit(events[i]).whenComplete((o, x) -> window.release());
            }
          });
        }
      }
      submitters.shutdown();
      if (!submitters.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("runs were not submitted within 10 minutes");
      }
      for (Semaphore window : windows) {
        if (!window.tryAcquire(WINDOW, 10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("runs did not end within 10 minutes");
        }
      }
      long elapsed = System.nanoTime() - t0;
      if (Boolean.getBoolean("bench.cpu")) {
        System.err.println("  pg " + engines + " engine(s) CPU per run: " + cpu.describe(runs));
      }
      if (server != null && db0 >= 0) {
        serverCpu.add((double) (server.cpuNanos() - db0) / runs);
      }
      long succeeded = count(url, "SELECT count(*) FROM " + place.prefix() + "runs WHERE last_status = 'SUCCEEDED'");
      if (succeeded != runs) {
        throw new IllegalStateException("expected " + runs + " succeeded runs in the journal, found " + succeeded);
      }
      return runs * 1e9 / elapsed;
    } finally {
      started.forEach(CorePlaybookEngine::close);
      journals.forEach(PostgresJournal::close);
      pools.forEach(HikariDataSource::close);
    }
  }

  private static void awaitFull(HikariDataSource pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pool.getHikariPoolMXBean().getTotalConnections() < pool.getMaximumPoolSize()
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(32);
    c.setPoolName("bench-pg");
    return new HikariDataSource(c);
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
