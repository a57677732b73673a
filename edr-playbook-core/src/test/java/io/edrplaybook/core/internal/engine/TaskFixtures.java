package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One action, one connector and a runner whose behaviour a test sets, for the engine's internal tests. */
final class TaskFixtures {
  private TaskFixtures() {}

  /** A runner that answers each call with {@code behaviour}. */
  static ScriptRunner runner(Function<ScriptCall, ScriptOutcome> behaviour) {
    return new ScriptRunner() {
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
        return behaviour.apply(call);
      }

      @Override
      public Duration grace() {
        return Duration.ofMillis(100);
      }

      @Override
      public void close() {
      }
    };
  }

  static Action action(RetryPolicy retry) {
    return action("acme", retry);
  }

  /** "Block Address" of {@code organization}, one script "firewall". */
  static Action action(String organization, RetryPolicy retry) {
    return Action.builder().organization(organization).name("Block Address")
        .script(ActionScript.of("firewall", "fw.py", "def run(ctx):\n    return None\n")).retry(retry).build();
  }

  static Target target(Action action, ScriptRunner runner) {
    return target(action, runner, "Edge FW", "jb-1");
  }

  /** {@code action} on connector {@code connector} (of the action's organization) behind {@code jumpBox}. */
  static Target target(Action action, ScriptRunner runner, String connector, String jumpBox) {
    Connector c = Connector.builder().organization(action.organization()).name(connector).jumpBox(jumpBox)
        .host("10.0.0.1").port(8443).apiKey("fw-key-123").bind("Block Address", "firewall").build();
    ActionScript script = action.scripts().get(0);
    return Target.of(action, c, c.bindings().get(0), script,
        runner.compile(new ScriptSource(script.name(), script.file(), script.source())), runner, 10_000);
  }

  static Invocation invocation(String id) {
    return invocation(id, "acme", "Edge FW", "jb-1");
  }

  /** The first attempt of run {@code id} of "Block Address" on {@code connector} behind {@code jumpBox}. */
  static Invocation invocation(String id, String organization, String connector, String jumpBox) {
    return new Invocation(id, "ev-1", organization, Classification.MALICIOUS, "Block Address", connector, "firewall",
        "fake", jumpBox, false, 1);
  }

  static ScriptCall call(Invocation inv) {
    return new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(30), inv.id());
  }

  /** Records what tasks report; {@code failStart} names attempts whose start cannot be recorded. */
  static final class Sink implements RunTask.Sink {
    final List<InvocationResult> finished = new CopyOnWriteArrayList<>();
    /** By invocation id: whether the run said it gives its claim back when it ends unstarted. */
    final Map<String, Boolean> releasesClaim = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Set<Integer> failStart = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void started(InvocationStarted started) {
      if (failStart.contains(started.invocation().attempt())) {
        throw new IllegalStateException("disk full (simulated)");
      }
    }

    /** What {@link #reclaim} answers: false as if another submission took the key meanwhile. */
    volatile boolean reclaimable = true;
    /** The retries {@link #reclaim} was asked for, by invocation id. */
    final List<String> reclaimed = new CopyOnWriteArrayList<>();

    @Override
    public void finished(RunTask task, InvocationResult result) {
      releasesClaim.put(result.invocation().id(), task.releasesClaimIfUnstarted());
      finished.add(result);
    }

    @Override
    public boolean reclaim(Invocation next) {
      reclaimed.add(next.id());
      return reclaimable;
    }
  }

  /** Starts each task on a new thread named {@code test-lane-N}, and keeps the threads to join. */
  static final class Threads implements java.util.concurrent.Executor {
    final List<Thread> started = new CopyOnWriteArrayList<>();

    @Override
    public void execute(Runnable r) {
      Thread t = new Thread(r, "test-lane-" + started.size());
      started.add(t);
      t.start();
    }

    /** Waits (30 s at most) for thread {@code i} to end; fails if it did not. */
    void join(int i) throws InterruptedException {
      Thread t = started.get(i);
      t.join(TimeUnit.SECONDS.toMillis(30));
      if (t.isAlive()) {
        throw new AssertionError("lane worker " + t.getName() + " did not come back within 30 s");
      }
    }

    /** Waits for every thread started so far, as {@link #join(int)}. */
    void joinAll() throws InterruptedException {
      for (int i = 0; i < started.size(); i++) {
        join(i);
      }
    }
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the latch did not open within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
