package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait before a retry honours the runner's retry-after hint. */
class RetryAfterTest {
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10));

  @Test
  void withoutAHintTheWaitIsTheBackoff() {
    Duration w = Dispatcher.nextWait(FAST, 1, Optional.empty());
    assertTrue(w.compareTo(Duration.ofMillis(10)) <= 0, w.toString());
  }

  @Test
  void aHintLongerThanTheBackoffIsTheWait() {
    assertEquals(Duration.ofSeconds(2), Dispatcher.nextWait(FAST, 1, Optional.of(Duration.ofSeconds(2))));
  }

  @Test
  void aHintShorterThanTheBackoffLeavesTheBackoff() {
    RetryPolicy slow = new RetryPolicy(3, Duration.ofSeconds(20), Duration.ofSeconds(20));
    Duration w = Dispatcher.nextWait(slow, 1, Optional.of(Duration.ofSeconds(1)));
    assertTrue(w.compareTo(Duration.ofSeconds(10)) >= 0, w.toString());
  }

  @Test
  void aHintIsHonouredPastMaxBackoffUpToOneHour() {
    assertEquals(Duration.ofSeconds(30), Dispatcher.nextWait(FAST, 1, Optional.of(Duration.ofSeconds(30))));
    assertEquals(ScriptOutcome.MAX_RETRY_AFTER, Dispatcher.nextWait(FAST, 1, Optional.of(Duration.ofDays(2))));
  }

  @Test
  void theRunnersHintReachesTheWaitBeforeTheNextAttempt() throws Exception {
    ScriptRunner runner = new ScriptRunner() {
      @Override
      public String id() {
        return "fake";
      }

      @Override
      public CompiledScript compile(ScriptSource source) {
        return new CompiledScript() {
          @Override
          public ScriptSource source() {
            return source;
          }

          @Override
          public boolean hasTest() {
            return false;
          }
        };
      }

      @Override
      public ScriptOutcome run(CompiledScript script, ScriptCall call) {
        return ScriptOutcome.failed(new ScriptError("HTTPError", "HTTP Error 429: Too Many Requests", "", true), "",
            false).withRetryAfter(Duration.ofSeconds(2));
      }

      @Override
      public Duration grace() {
        return Duration.ofMillis(100);
      }

      @Override
      public void close() {
      }
    };
    Action action = Action.builder().organization("acme").name("Block Address")
        .script(ActionScript.of("firewall", "fw.py", "def run(ctx):\n    return None\n")).retry(FAST).build();
    Connector connector = Connector.builder().organization("acme").name("Edge FW").jumpBox("jb-1").host("10.0.0.1")
        .port(8443).apiKey("fw-key-123").bind("Block Address", "firewall").build();
    ActionScript script = action.scripts().get(0);
    Target target = Target.of(action, connector, connector.bindings().get(0), script,
        runner.compile(new ScriptSource(script.name(), script.file(), script.source())), runner, 10_000);
    RunTask.Sink sink = new RunTask.Sink() {
      @Override
      public void started(InvocationStarted started) {
      }

      @Override
      public void finished(RunTask task, InvocationResult result) {
      }
    };
    Invocation first = new Invocation("run-1", "ev-1", "acme", Classification.MALICIOUS, "Block Address", "Edge FW",
        "firewall", "fake", "jb-1", false, 1);
    CompletableFuture<Duration> scheduled = new CompletableFuture<>();
    try (Dispatcher d = new Dispatcher(sink, 1, 10, Clock.systemUTC())) {
      d.onRetryScheduled((next, wait) -> scheduled.complete(wait));
      var chain = d.dispatch(first, target, action, SecretMasker.of(List.of()),
          inv -> new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(5), inv.id()));
      assertEquals(Duration.ofSeconds(2), scheduled.get(30, TimeUnit.SECONDS));
      d.close(Duration.ZERO);
      assertEquals(List.of(InvocationStatus.FAILED),
          chain.get(30, TimeUnit.SECONDS).results().stream().map(InvocationResult::status).toList());
    }
  }
}
