package io.edrplaybook.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.internal.journal.JournalCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One engine of the cluster tests, in a JVM of its own: a {@link CorePlaybookEngine} on a
 * {@link PostgresJournal}, driven by lines on stdin and answering on stdout.
 *
 * <pre>
 * submit N EVENT CLASSIFICATION GROUP  →  done N STATUS...   or  fail N MESSAGE
 * history EVENT                        →  history EVENT SHA256-OF-ENTRIES COUNT
 * quit                                 →  bye
 * </pre>
 *
 * Arguments: JDBC URL, ledger file, heartbeat millis, dead-after millis.
 */
public final class ClusterNode {
  private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
      true, StandardCharsets.UTF_8);

  private ClusterNode() {}

  /** The configuration every node runs. */
  static Configuration configuration() {
    return Configuration.builder()
        .organization("acme")
        .jumpBox(JumpBox.of("acme", "jb-1"))
        .action(action("Isolate", "sleep 0"))
        .action(action("Notify", "sleep 0"))
        .action(action("Hold", "sleep 120000"))
        .action(action("Limited", "sleep 40"))
        .connector(connector("EDR", "Isolate", ConnectorLimits.NONE))
        .connector(connector("Chat", "Notify", ConnectorLimits.NONE))
        .connector(connector("Sleeper", "Hold", ConnectorLimits.NONE))
        .connector(connector("Narrow", "Limited", ConnectorLimits.concurrency(2)))
        .playbook(Playbook.builder().organization("acme").name("Main").isDefault(true)
            .rule(PlaybookSection.REMEDIATION, "Isolate", ConnectorSelection.all(), Classification.MALICIOUS)
            .rule(PlaybookSection.NOTIFICATIONS, "Notify", ConnectorSelection.all(), Classification.MALICIOUS,
                Classification.SUSPICIOUS)
            .build())
        .playbook(Playbook.builder().organization("acme").name("Sleepy").collectorGroups("sleep")
            .rule(PlaybookSection.REMEDIATION, "Hold", ConnectorSelection.all(), Classification.MALICIOUS)
            .build())
        .playbook(Playbook.builder().organization("acme").name("Narrow").collectorGroups("narrow")
            .rule(PlaybookSection.REMEDIATION, "Limited", ConnectorSelection.all(), Classification.MALICIOUS)
            .build())
        .build();
  }

  private static Action action(String name, String script) {
    return Action.builder().organization("acme").name(name).description(name)
        .script(name.toLowerCase(), name.toLowerCase() + ".py", script).timeout(Duration.ofMinutes(5)).build();
  }

  private static Connector connector(String name, String action, ConnectorLimits limits) {
    return Connector.builder().organization("acme").name(name).jumpBox("jb-1").host(name.toLowerCase() + ".example")
        .port(443).apiKey("key-" + name).bind(action).limits(limits).build();
  }

  /** The event the nodes submit. */
  static SecurityEvent event(String id, Classification c, String group) {
    return SecurityEvent.builder().id(id).organization("acme")
        .device(Device.of("host-" + id, group, "10.0.0.1", "Linux")).classification(c)
        .time(Instant.parse("2026-01-01T00:00:00Z")).details(Map.of()).build();
  }

  /** Runs a node until {@code quit} or end of input. */
  public static void main(String[] args) throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(args[0]);
    pool.setMaximumPoolSize(24);
    pool.setMinimumIdle(2);
    pool.setConnectionTimeout(3000);
    try (HikariDataSource ds = new HikariDataSource(pool);
        PostgresJournal journal = PostgresJournal.builder(ds)
            .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[2])))
            .deadAfter(Duration.ofMillis(Long.parseLong(args[3]))).open();
        CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false)
            .runner(new LedgerRunner(Path.of(args[1]))).defaultRunner("ledger").journal(journal)
            .laneConcurrency(16).laneQueueCapacity(100_000).recoveryInterval(Duration.ofMillis(500))
            .configuration(configuration()).build()) {
      OUT.println("ready " + journal.engineId());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.split(" ");
        switch (w[0]) {
          case "submit" -> submit(engine, w[1], event(w[2], Classification.valueOf(w[3]), w[4]));
          case "history" -> OUT.println("history " + w[1] + " " + digest(journal.history(new EventKey("acme", w[1]))));
          case "quit" -> {
            engine.close();
            OUT.println("bye");
            return;
          }
          default -> OUT.println("unknown " + line);
        }
      }
    }
  }

  private static void submit(CorePlaybookEngine engine, String n, SecurityEvent event) {
    try {
      engine.submit(event).whenComplete((EventOutcome o, Throwable e) -> {
        if (e != null) {
          OUT.println("fail " + n + " " + oneLine(e));
        } else {
          StringBuilder s = new StringBuilder("done " + n);
          o.results().forEach(r -> s.append(' ').append(r.status()));
          OUT.println(s);
        }
      });
    } catch (RuntimeException e) {
      OUT.println("fail " + n + " " + oneLine(e));
    }
  }

  private static String oneLine(Throwable e) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    return (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' ');
  }

  private static String digest(List<HistoryEntry> entries) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (HistoryEntry e : entries) {
      sha.update(JournalCodec.encode(e).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest()) + " " + entries.size();
  }
}
