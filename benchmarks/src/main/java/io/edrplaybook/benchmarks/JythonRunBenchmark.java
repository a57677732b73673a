package io.edrplaybook.benchmarks;

import io.edrplaybook.benchmarks.internal.NaiveJython;
import io.edrplaybook.benchmarks.internal.Runners;
import io.edrplaybook.benchmarks.internal.Workloads;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trivial script on Jython: through the {@code jython} runner ({@link #runner}) and the naive
 * way, a new {@code PythonInterpreter} executing the source per run ({@link #naive}). One thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JythonRunBenchmark {
  private ScriptRunner runner;
  private CompiledScript script;
  private ScriptCall call;
  private NaiveJython naive;
  private Map<String, Object> ctx;

  /** Creates the runner (found by id, as the engine finds it) and compiles the script. */
  @Setup
  public void setUp() {
    runner = Runners.create("jython", Map.of()).orElseThrow(() -> new IllegalStateException(
        "No ScriptRunner with id 'jython'; add io.edrplaybook:edr-playbook-jython to the classpath"));
    script = runner.compile(new ScriptSource("main", "notify.py", Workloads.TRIVIAL_SCRIPT));
    ctx = Workloads.context("inv-1");
    call = new ScriptCall(EntryPoint.RUN, ctx, Duration.ofSeconds(30), "inv-1");
    naive = new NaiveJython(Workloads.TRIVIAL_SCRIPT);
  }

  /** Closes the runner. */
  @TearDown
  public void tearDown() {
    runner.close();
  }

  /** One warm call through the runner. */
  @Benchmark
  public ScriptOutcome runner() {
    return runner.run(script, call);
  }

  /** One naive call: new interpreter, exec the source, call run. */
  @Benchmark
  public Map<String, Object> naive() {
    return naive.run(ctx);
  }
}
