package io.edrplaybook.samples.reliability;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link JournalSoakTest}, started with a small heap: {@code run DIR N} submits N
 * events (one run each, a do-nothing runner) to an engine on a {@link FileJournal} in DIR and
 * prints {@code RAN n}; {@code again DIR N} reopens it, submits a sample of the old events again
 * and prints {@code AGAIN ran=0 complete=k} when nothing ran and the k histories looked at were
 * complete. Exits 1 with a message on any surprise.
 */
public final class JournalSoakChild {
  private JournalSoakChild() {}

  private static final class Noop implements ScriptRunner {
    private record Compiled(ScriptSource source) implements CompiledScript {
      @Override
      public boolean hasTest() {
        return false;
      }
    }

    @Override
    public String id() {
      return "noop";
    }

    @Override
    public CompiledScript compile(ScriptSource source) {
      return new Compiled(source);
    }

    @Override
    public ScriptOutcome run(CompiledScript script, ScriptCall call) {
      return ScriptOutcome.succeeded(Map.of("message", "ok"), "", false);
    }

    @Override
    public void close() {}
  }

  static Configuration configuration() {
    return Configuration.builder().organization("acme").jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("Note").description("does nothing")
            .script(ActionScript.of("noop", "noop.py", "def run(ctx):\n    return None\n", "noop")).build())
        .connector(Connector.builder().organization("acme").name("Log").jumpBox("jb-1").host("log.example").port(443)
            .apiKey("soak-key-0123456789").bind("Note").build())
        .playbook(Playbook.builder().organization("acme").name("Default").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "Note", ConnectorSelection.all(), Classification.MALICIOUS).build())
        .build();
  }

  static SecurityEvent event(long i) {
    return SecurityEvent.builder().id("soak-" + i).organization("acme")
        .device(Device.of("PC-" + (i % 1000), "", "10.0.0." + (i % 250), "")).classification(Classification.MALICIOUS)
        .time(Instant.parse("2026-01-01T00:00:00Z")).details(Map.of()).build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    long n = Long.parseLong(args[2]);
    try (FileJournal journal = FileJournal.open(dir);
        CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(new Noop())
            .defaultRunner("noop").journal(journal).defaultTimeout(Duration.ofSeconds(30))
            .configuration(configuration()).build()) {
      if (args[0].equals("run")) {
        System.out.println("RAN " + submit(engine, 0, n, 1));
      } else {
        long step = Math.max(1, n / 1000);
        long ran = submit(engine, 0, n, step);
        long complete = 0;
        for (long i = 0; i < n; i += step) {
          ClassificationDetails d = engine.history("acme", "soak-" + i);
          if (d.classifications().size() != 1 || d.runs().size() != 1
              || d.runs().get(0).status() != InvocationStatus.SUCCEEDED) {
            System.out.println("INCOMPLETE history of soak-" + i + ": " + d);
            System.exit(1);
          }
          complete++;
        }
        System.out.println("AGAIN ran=" + ran + " complete=" + complete);
      }
    }
    System.exit(0);
  }

  /** Submits events from, from + step, ... below to; returns the runs that ran. */
  private static long submit(CorePlaybookEngine engine, long from, long to, long step) throws InterruptedException {
    Semaphore window = new Semaphore(1024);
    AtomicLong ran = new AtomicLong();
    for (long i = from; i < to; i += step) {
      window.acquire();
      engine.submit(event(i)).whenComplete((EventOutcome o, Throwable x) -> {
        if (x != null) {
          System.out.println("FAILED submission: " + x);
          System.exit(1);
        }
        ran.addAndGet(o.results().size());
        window.release();
      });
    }
    if (!window.tryAcquire(1024, 10, TimeUnit.MINUTES)) {
      System.out.println("runs did not end within 10 minutes");
      System.exit(1);
    }
    return ran.get();
  }
}
