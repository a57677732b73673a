package io.edrplaybook.postgres;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import io.edrplaybook.postgres.internal.ApprovalStore;
import io.edrplaybook.postgres.internal.CompoundWrite;
import io.edrplaybook.postgres.internal.Db;
import io.edrplaybook.postgres.internal.Engines;
import io.edrplaybook.postgres.internal.EventStore;
import io.edrplaybook.postgres.internal.GroupCommit;
import io.edrplaybook.postgres.internal.Heartbeat;
import io.edrplaybook.postgres.internal.Migrations;
import io.edrplaybook.postgres.internal.Pending;
import io.edrplaybook.postgres.internal.Recovery;
import io.edrplaybook.postgres.internal.Retention;
import io.edrplaybook.postgres.internal.RunStore;
import io.edrplaybook.postgres.internal.Slots;
import io.edrplaybook.postgres.internal.Tables;
import io.edrplaybook.postgres.internal.Write;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.JournalHealth;
import io.edrplaybook.spi.RunClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExecutionJournal} on PostgreSQL 12 or later, shared by every engine of a cluster: a run
 * happens at most once across all of them, one event's history is the same on each, and a
 * connector's {@code maxConcurrent} holds for the whole cluster.
 *
 * <p>The host hands it a {@link DataSource} (a pool such as HikariCP, sized for the engine's
 * concurrency plus one for the heartbeat). {@link Builder#open()} creates or migrates the tables,
 * registers this engine and starts its heartbeat (one daemon thread). An engine whose heartbeat is
 * older than {@link Builder#deadAfter} — or that closed — is dead: the next
 * {@link #recoverInterrupted} of any surviving engine records its open runs {@code INTERRUPTED},
 * exactly once, and gives back its unstarted claims; its answers arriving later change nothing.
 *
 * <p>Each call is one short statement, mostly one round trip; no transaction stays open while a
 * script runs. The writes of concurrent calls (classify, claim, start, end) share transactions: a
 * call that finds no batch being written writes what waits in one transaction and commits once,
 * and each call returns when its batch committed ({@link Builder#groupCommit}). When the database
 * cannot be reached, calls throw {@link JournalException} naming the journal and the cause.
 * Thread-safe.
 */
public final class PostgresJournal implements ExecutionJournal {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresJournal.class);
  /** How long a caller waits for its batch's commit at most (beyond the pool's connection timeout). */
  private static final Duration WRITE_WAIT = Duration.ofSeconds(60);

  private final Db db;
  private final Tables tables;
  private final Duration heartbeatInterval;
  private final Duration deadAfter;
  private final Engines engines;
  private final EventStore events;
  private final RunStore runs;
  private final ApprovalStore approvals;
  private final io.edrplaybook.postgres.internal.UndoStore undos;
  private final Recovery recovery;
  private final Slots slots;
  private final Retention retention;
  private final Heartbeat heartbeat;
  private final GroupCommit group;
  private final AutoCloseable closeWith;
  private final Pending pending = new Pending();
  private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

  private PostgresJournal(Builder b, String engine) {
    this.tables = new Tables(Optional.ofNullable(b.schema), b.tablePrefix);
    this.heartbeatInterval = b.heartbeatInterval;
    this.closeWith = b.closeWith;
    this.deadAfter = b.deadAfter;
    this.db = new Db(b.dataSource, "PostgreSQL journal " + tables + " (engine " + engine + ")");
    Migrations.migrate(db, tables);
    this.engines = new Engines(db, tables, engine, b.nodeName, deadAfter);
    this.group = new GroupCommit(db, b.writers, b.maxBatch, WRITE_WAIT);
    this.events = new EventStore(db, group, tables);
    this.runs = new RunStore(db, group, tables, engine, pending);
    this.approvals = new ApprovalStore(db, tables, engine);
    this.undos = new io.edrplaybook.postgres.internal.UndoStore(db, tables);
    this.recovery = new Recovery(db, tables);
    this.slots = new Slots(db, tables, engine, deadAfter);
    this.retention = new Retention(db, tables);
    this.heartbeat = new Heartbeat(engines, slots, pending, db, heartbeatInterval);
  }

  /**
   * Starts a builder.
   *
   * @param dataSource the host's connections to the database; never null
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Returns this engine's id in the journal's engine registry. */
  public String engineId() {
    return engines.engine();
  }

  /** The group commit, for tests. */
  GroupCommit groupCommit() {
    return group;
  }

  @Override
  public Classified classify(ClassificationChange change) {
    Objects.requireNonNull(change, "change");
    return events.classify(change);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here one transaction, written with the other writes of its batch: a submission costs one
   * commit, whatever the number of its runs.
   */
  @Override
  public Classified classify(ClassificationChange change, List<Invocation> claims) {
    Objects.requireNonNull(change, "change");
    if (claims.isEmpty()) {
      return classify(change);
    }
    Instant now = Instant.now();
    List<Write<?>> parts = new ArrayList<>(claims.size() + 1);
    parts.add(events.classifyWrite(change));
    for (Invocation invocation : claims) {
      parts.add(runs.claimWrite(invocation, now));
    }
    try {
      return group.write(new CompoundWrite<>("classify event " + change.eventKey() + " and claim its "
          + claims.size() + " run(s)", parts, out -> {
            List<RunClaim> answers = new ArrayList<>(claims.size());
            for (int i = 1; i < out.size(); i++) {
              answers.add((RunClaim) out.get(i));
            }
            return ((Classified) out.get(0)).withClaims(answers);
          }));
    } catch (JournalException e) {
      runs.giveBackLater(claims);
      throw e;
    }
  }

  @Override
  public Optional<EventState> event(EventKey event) {
    Objects.requireNonNull(event, "event");
    return events.event(event);
  }

  @Override
  public RunClaim claim(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    return runs.claim(invocation, Instant.now());
  }

  @Override
  public boolean retake(Invocation invocation, Set<InvocationStatus> from) {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(from, "from");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("retake needs at least one status to retake from");
    }
    return runs.retake(invocation, from, Instant.now());
  }

  @Override
  public void release(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    runs.release(invocation);
  }

  @Override
  public Optional<RunClaim> claimOf(RunKey key) {
    Objects.requireNonNull(key, "key");
    return runs.claimOf(key);
  }

  @Override
  public void started(InvocationStarted started) {
    Objects.requireNonNull(started, "started");
    Duration silent = heartbeat.sinceLastBeat();
    if (silent.compareTo(deadAfter.minus(heartbeatInterval)) > 0 && !db.isClosed()) {
      throw new JournalException(db.name() + " starts no run: its heartbeat has not reached the database for "
          + silent.toMillis() + " ms (engines silent for " + deadAfter.toMillis() + " ms are taken for dead)");
    }
    runs.started(started);
  }

  @Override
  public boolean finished(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    return runs.finished(result);
  }

  @Override
  public List<InvocationResult> recoverInterrupted(Instant now) {
    Objects.requireNonNull(now, "now");
    if (!heartbeat.mayJudge(deadAfter)) {
      db.ensureOpen();
      return List.of(); // just back from losing the database: the others have not beaten again yet
    }
    List<String> dead = engines.dead();
    if (dead.isEmpty()) {
      return List.of();
    }
    List<InvocationResult> out = recovery.recover(dead, now);
    engines.forget(dead);
    if (!out.isEmpty()) {
      LOG.info("{} recorded {} run(s) of stopped engines {} as interrupted", db.name(), out.size(), dead);
    }
    return out;
  }

  @Override
  public void awaitApproval(AwaitingApproval request) {
    Objects.requireNonNull(request, "request");
    if (!approvals.await(request)) {
      throw new IllegalStateException("run " + request.invocation().id() + " does not hold an unstarted claim of "
          + request.runKey() + ": it cannot await approval");
    }
  }

  @Override
  public Optional<AwaitingApproval> decide(ApprovalDecision decision) {
    Objects.requireNonNull(decision, "decision");
    return approvals.decide(decision);
  }

  @Override
  public Optional<AwaitingApproval> awaiting(RunKey key) {
    Objects.requireNonNull(key, "key");
    return approvals.awaiting(key);
  }

  @Override
  public List<AwaitingApproval> pending(String organization) {
    Objects.requireNonNull(organization, "organization");
    return approvals.pending(organization);
  }

  @Override
  public List<AwaitingApproval> approvalsDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    return approvals.due(now, limit);
  }

  @Override
  public boolean scheduleUndo(UndoScheduled undo) {
    Objects.requireNonNull(undo, "undo");
    return undos.schedule(undo);
  }

  @Override
  public List<UndoScheduled> undosDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    return undos.due(now, limit);
  }

  @Override
  public boolean undoEnded(UndoEnded ended) {
    Objects.requireNonNull(ended, "ended");
    return undos.ended(ended);
  }

  @Override
  public List<HistoryEntry> history(EventKey event) {
    Objects.requireNonNull(event, "event");
    return events.history(event);
  }

  @Override
  public long forgetBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    return retention.forgetBefore(cutoff);
  }

  @Override
  public JournalHealth health() {
    JournalHealth h = db.health();
    Duration silent = heartbeat.sinceLastBeat();
    if (h.writable() && silent.compareTo(deadAfter.minus(heartbeatInterval)) > 0) {
      return JournalHealth.failing(db.name() + ": its heartbeat has not reached the database for "
          + silent.toMillis() + " ms");
    }
    return h;
  }

  @Override
  public boolean acquireConnectorSlot(Invocation invocation, int maxConcurrent) {
    Objects.requireNonNull(invocation, "invocation");
    return slots.acquire(invocation, maxConcurrent);
  }

  @Override
  public void releaseConnectorSlot(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    slots.release(invocation);
  }

  /**
   * Stops the heartbeat and marks this engine stopped, so the other engines take over at once
   * whatever it left open. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    heartbeat.close();
    group.close();
    LOG.debug("{}: the group commit wrote {} writes in {} batches of more than one", db.name(), group.grouped(),
        group.batches());
    pending.flush();
    if (pending.size() > 0) {
      LOG.warn("{} closes with {} write(s) the database did not take; the other engines record its open runs "
          + "as interrupted", db.name(), pending.size());
    }
    db.close();
    try {
      slots.releaseAll();
      engines.stop();
    } catch (JournalException e) {
      LOG.warn("{} (the other engines take over after {} ms)", e.getMessage(), deadAfter.toMillis());
    }
    if (closeWith != null) {
      try {
        closeWith.close();
      } catch (Exception e) {
        LOG.warn("{}: could not close {}: {}", db.name(), closeWith.getClass().getSimpleName(), e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return db.name();
  }

  /** Builds a {@link PostgresJournal}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema;
    private String tablePrefix = "edr_";
    private Duration heartbeatInterval = Duration.ofSeconds(2);
    private Duration deadAfter = Duration.ofSeconds(10);
    private String nodeName = defaultNodeName();
    private AutoCloseable closeWith;
    private int writers = 2;
    private int maxBatch = 128;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Puts the tables in {@code schema} (created when missing) instead of the connection's search
     * path.
     *
     * @param schema a lower-case SQL identifier; never null
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Starts every table name with {@code prefix}; default {@code edr_}.
     *
     * @param prefix lower-case letters, digits and {@code _}, may be empty; never null
     * @return this builder
     */
    public Builder tablePrefix(String prefix) {
      this.tablePrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Sets how often this engine renews its heartbeat; default 2 s.
     *
     * @param interval positive; never null
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Sets after how long without a heartbeat an engine is taken for dead, its runs recorded
     * interrupted and its connector slots given back; default 10 s. Every engine sharing the
     * tables should use the same bound.
     *
     * @param deadAfter at least three heartbeat intervals; never null
     * @return this builder
     */
    public Builder deadAfter(Duration deadAfter) {
      this.deadAfter = Objects.requireNonNull(deadAfter, "deadAfter");
      return this;
    }

    /**
     * Names the node this engine runs on, for the engine registry; default the host name. The
     * engine's id is this name, the process id and a random suffix: each opening is a new engine.
     *
     * @param nodeName never null or blank
     * @return this builder
     */
    public Builder nodeName(String nodeName) {
      this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
      return this;
    }

    /**
     * Sets the group commit: concurrent writes (classifications, claims, starts, ends of other runs)
     * share transactions. A call that finds fewer than {@code writers} batches being written writes
     * one itself, on its own thread: up to {@code maxBatch} waiting writes in one transaction, one
     * round trip per kind of statement, and one commit; the others wait for that commit (at most
     * 60 s). The next batch gathers while one is written, so batches grow with the load by
     * themselves; a lone call writes at once. Default 2: one batch's statements run one after the
     * other in one server process, so a second batch in flight lets the database work on two at
     * once; 1 gives the largest batches and the least CPU per write. Batches of up to 128 writes;
     * a submission (a classification with the claims of its runs) is one write.
     * {@code writers} 0 writes each call alone (one statement, one commit each). The guarantees are
     * the same either way.
     *
     * @param writers how many batches may be in flight at once, 0 to 16
     * @param maxBatch the most writes in one transaction, 1 to 1 000
     * @return this builder
     */
    public Builder groupCommit(int writers, int maxBatch) {
      this.writers = writers;
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Hands {@code resource} (the host's connection pool, say) to the journal, which closes it
     * last when it closes.
     *
     * @param resource never null
     * @return this builder
     */
    public Builder closeWith(AutoCloseable resource) {
      this.closeWith = Objects.requireNonNull(resource, "resource");
      return this;
    }

    /**
     * Opens the journal: creates or migrates its tables, registers this engine and starts its
     * heartbeat.
     *
     * @return the journal
     * @throws IllegalArgumentException when a setting is invalid (all problems named at once)
     * @throws JournalException when the database cannot be reached, or holds a newer schema
     */
    public PostgresJournal open() {
      StringBuilder problems = new StringBuilder();
      if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
        problems.append("; heartbeatInterval must be positive, was ").append(heartbeatInterval);
      } else if (deadAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
        problems.append("; deadAfter must be at least three heartbeat intervals (")
            .append(heartbeatInterval.multipliedBy(3)).append("), was ").append(deadAfter);
      }
      if (writers < 0 || writers > 16) {
        problems.append("; groupCommit writers must be 0 to 16, was ").append(writers);
      }
      if (maxBatch < 1 || maxBatch > 1_000) {
        problems.append("; groupCommit maxBatch must be 1 to 1000, was ").append(maxBatch);
      }
      if (nodeName.isBlank()) {
        problems.append("; nodeName must not be blank");
      }
      try {
        new Tables(Optional.ofNullable(schema), "");
      } catch (IllegalArgumentException e) {
        problems.append("; ").append(e.getMessage());
      }
      try {
        new Tables(Optional.empty(), tablePrefix);
      } catch (IllegalArgumentException e) {
        problems.append("; ").append(e.getMessage());
      }
      if (problems.length() > 0) {
        throw new IllegalArgumentException("invalid PostgreSQL journal settings: " + problems.substring(2));
      }
      String engine = nodeName + "-" + ProcessHandle.current().pid() + "-"
          + String.format("%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
      return new PostgresJournal(this, engine);
    }

    private static String defaultNodeName() {
      String host = System.getenv("HOSTNAME");
      if (host == null || host.isBlank()) {
        try {
          host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
          host = "localhost";
        }
      }
      return host;
    }
  }
}
